using Precog.Actors.Hosting;
using Precog.Configuration;
using Precog.Host;
using Precog.Persistence;

namespace Precog.Cluster.Tests;

/// <summary>What a node makes of --cluster, --seed, --port, --roles, the environment and precog.cluster: a cluster node, or one line saying what is wrong.</summary>
public sealed class ClusterNodeSettingsTests
{
    private static readonly DatabaseTarget Postgres = DatabaseTarget.Parse("Host=127.0.0.1;Database=precog;Username=precog;Password=secret");
    private const string Seed = "akka.tcp://precog@127.0.0.1:4053";

    private static ClusterNodeSettings? Load(ClusterNodeSettings.Given given, Dictionary<string, string>? environment = null, DatabaseTarget? database = null, bool sharedVenue = true) =>
        ClusterNodeSettings.Load(PrecogConfig.Defaults, given, n => environment?.GetValueOrDefault(n), database ?? Postgres, sharedVenue);

    [Fact]
    public void Without_cluster_the_node_is_single()
    {
        Assert.Null(Load(new(false, null, null, null, null)));
    }

    [Fact]
    public void The_command_line_wins_over_the_environment_which_wins_over_the_shipped_defaults()
    {
        var fromDefaults = Load(new(true, null, null, [Seed], null))!;
        Assert.Equal(("127.0.0.1", 4053), (fromDefaults.Hostname, fromDefaults.Port));
        Assert.Equal(["trading", "feeds", "gateway"], fromDefaults.Roles);
        Assert.Equal("127.0.0.1:4053", fromDefaults.Name);

        var environment = new Dictionary<string, string> { ["PRECOG_CLUSTER_SEEDS"] = $"{Seed}, akka.tcp://precog@10.0.0.6:4053", ["PRECOG_CLUSTER_ROLES"] = "trading" };
        var fromEnvironment = Load(new(true, null, 4054, null, null), environment)!;
        Assert.Equal([Seed, "akka.tcp://precog@10.0.0.6:4053"], fromEnvironment.Seeds);
        Assert.Equal(["trading"], fromEnvironment.Roles);
        Assert.Equal(4054, fromEnvironment.Port);

        var given = Load(new(true, "10.0.0.7", 4055, ["akka.tcp://precog@10.0.0.5:4053"], "gateway,feeds"), environment)!;
        Assert.Equal(["akka.tcp://precog@10.0.0.5:4053"], given.Seeds);
        Assert.Equal(["gateway", "feeds"], given.Roles);
        Assert.Equal("10.0.0.7:4055", given.Name);
    }

    [Theory]
    [InlineData("http://precog@127.0.0.1:4053", "seed node 'http://precog@127.0.0.1:4053'")]
    [InlineData("akka.tcp://other@127.0.0.1:4053", "seed node 'akka.tcp://other@127.0.0.1:4053'")]
    [InlineData("akka.tcp://precog@127.0.0.1", "seed node 'akka.tcp://precog@127.0.0.1'")]
    public void A_seed_that_is_not_a_precog_address_is_refused_by_name(string seed, string named)
    {
        var e = Assert.Throws<SettingsException>(() => Load(new(true, null, null, [seed], null)));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_role_no_seed_sqlite_or_the_simulated_exchange_is_refused_with_the_reason()
    {
        Assert.Contains("role 'risk'", Assert.Throws<SettingsException>(() => Load(new(true, null, null, [Seed], "trading,risk"))).Message, StringComparison.Ordinal);
        Assert.Contains("needs seed nodes", Assert.Throws<SettingsException>(() => Load(new(true, null, null, null, null))).Message, StringComparison.Ordinal);
        var sqlite = Assert.Throws<SettingsException>(() => Load(new(true, null, null, [Seed], null), database: DatabaseTarget.Sqlite("data/precog.db")));
        Assert.Contains("needs PostgreSQL", sqlite.Message, StringComparison.Ordinal);
        var simulated = Assert.Throws<SettingsException>(() => Load(new(true, null, null, [Seed], null), sharedVenue: false));
        Assert.Contains("the simulated exchange lives inside one process", simulated.Message, StringComparison.Ordinal);
    }

    private static ClusterNodeSettings? LoadWith(string hocon, ClusterNodeSettings.Given given, Dictionary<string, string>? environment = null) =>
        ClusterNodeSettings.Load(Akka.Configuration.ConfigurationFactory.ParseString(hocon).WithFallback(PrecogConfig.Defaults), given,
            n => environment?.GetValueOrDefault(n), Postgres, sharedVenue: true);

    private const string ConfigDiscovery = """precog.cluster.discovery { method = config, endpoints = ["10.0.0.5:4053", "node-b.local:4054"] }""";

    [Fact]
    public void Seeds_can_come_from_discovery_s_config_method_which_gets_the_endpoints_in_order_and_no_listed_seed()
    {
        var node = LoadWith(ConfigDiscovery, new(true, null, null, null, null))!;

        Assert.Empty(node.Seeds);
        var discovery = node.Discovery!;
        Assert.Equal(("config", "precog", TimeSpan.FromSeconds(5)), (discovery.Method, discovery.ServiceName, discovery.LookupTimeout));
        var akka = Akka.Configuration.ConfigurationFactory.ParseString(discovery.Hocon);
        Assert.Equal(["10.0.0.5:4053", "node-b.local:4054"], akka.GetStringList("akka.discovery.config.services.precog.endpoints"));
        Assert.Equal(node.Discovery, node.Node.Discovery);
        Assert.Contains("the seeds discovery method 'config' finds for service 'precog'", node.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Seeds_on_the_command_line_or_in_the_environment_win_over_discovery()
    {
        var given = LoadWith(ConfigDiscovery, new(true, null, null, [Seed], null))!;
        Assert.Equal([Seed], given.Seeds);
        Assert.Null(given.Discovery);
        var environment = LoadWith(ConfigDiscovery, new(true, null, null, null, null), new() { ["PRECOG_CLUSTER_SEEDS"] = Seed })!;
        Assert.Equal([Seed], environment.Seeds);
        Assert.Null(environment.Discovery);
    }

    [Fact]
    public void Another_discovery_method_is_left_to_its_akka_discovery_configuration()
    {
        var node = LoadWith("precog.cluster.discovery { method = akka-dns, service-name = precog-prod }", new(true, null, null, null, null))!;
        Assert.Equal(("akka-dns", "precog-prod", ""), (node.Discovery!.Method, node.Discovery.ServiceName, node.Discovery.Hocon));
    }

    [Theory]
    [InlineData("""precog.cluster.discovery { method = config }""", "precog.cluster.discovery.endpoints is empty")]
    [InlineData("""precog.cluster.discovery { method = config, endpoints = ["10.0.0.5"] }""", "precog.cluster.discovery.endpoints[0] = '10.0.0.5' is not HOST:PORT")]
    [InlineData("""precog.cluster.discovery { method = config, endpoints = ["a:4053", "b:99999"] }""", "precog.cluster.discovery.endpoints[1] = 'b:99999' is not HOST:PORT")]
    [InlineData("""precog.cluster.discovery { method = config, endpoints = ["x\"y:4053"] }""", "precog.cluster.discovery.endpoints[0]")]
    [InlineData("""precog.cluster.discovery { method = akka-dns, endpoints = ["a:4053"] }""", "precog.cluster.discovery.endpoints is for discovery method 'config'")]
    [InlineData("""precog.cluster.discovery { method = config, service-name = "a b", endpoints = ["a:4053"] }""", "precog.cluster.discovery.service-name = 'a b'")]
    [InlineData("""precog.cluster { seed-nodes = ["akka.tcp://precog@127.0.0.1:4053"], discovery { method = config, endpoints = ["a:4053"] } }""",
        "precog.cluster.seed-nodes and precog.cluster.discovery.method are both set")]
    public void A_discovery_setting_that_cannot_work_is_refused_naming_the_key(string hocon, string named)
    {
        var e = Assert.Throws<SettingsException>(() => LoadWith(hocon, new(true, null, null, null, null)));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}

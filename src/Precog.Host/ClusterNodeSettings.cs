using Akka.Configuration;
using Precog.Actors.Hosting;
using Precog.Configuration;
using Precog.Persistence;

namespace Precog.Host;

/// <summary>
/// Where a clustered node listens, which seeds it joins through and which roles it takes (README "Scale out"): bound from
/// <c>precog.cluster</c> (hocon/precog.conf), then PRECOG_CLUSTER_SEEDS / PRECOG_CLUSTER_ROLES, then the command line.
/// A cluster needs a database every node shares (PostgreSQL) and a venue every node reaches; both are checked here, so a
/// node that cannot take part in a cluster says why before it starts anything.
/// </summary>
/// <param name="Discovery">Seeds looked up through Akka.Discovery at start (precog.cluster.discovery); then <paramref name="Seeds"/> is empty.</param>
public sealed record ClusterNodeSettings(string Hostname, string? PublicHostname, int Port, IReadOnlyList<string> Seeds, IReadOnlyList<string> Roles,
    SeedDiscovery? Discovery = null)
{
    public const string Section = "precog.cluster";
    public const string SeedsVariable = "PRECOG_CLUSTER_SEEDS";
    public const string RolesVariable = "PRECOG_CLUSTER_ROLES";

    /// <summary>What the command line gave (null: not given).</summary>
    public sealed record Given(bool Cluster, string? Hostname, int? Port, IReadOnlyList<string>? Seeds, string? Roles);

    /// <summary>The node's cluster settings, or null for a single node (neither --cluster nor precog.cluster.enabled).</summary>
    public static ClusterNodeSettings? Load(Config config, Given given, Func<string, string?> environment, DatabaseTarget database, bool sharedVenue)
    {
        var r = new SettingsReader(config, Section);
        if (!given.Cluster && !r.Bool("enabled")) return null;
        if (database.Provider != DatabaseProvider.PostgreSql)
            throw new SettingsException(
                $"--cluster needs PostgreSQL (--db \"Host=...;Database=...\"): every node reads and writes one journal, and {database} is a SQLite file only this machine's process can write");
        if (!sharedVenue)
            throw new SettingsException(
                "--cluster needs a venue every node reaches (--exchange kalshi-demo or kalshi, whose base-url may point at any Kalshi-compatible server): the simulated exchange lives inside one process");

        var hostname = given.Hostname ?? r.Text("hostname").Trim();
        if (hostname.Length == 0) throw new SettingsException($"{r.Key("hostname")} is empty: name the interface the node listens on");
        var publicHostname = r.Text("public-hostname").Trim() is { Length: > 0 } p ? p : null;
        var port = given.Port ?? r.Int("port", 0, 65535);
        if (port is < 0 or > 65535) throw new SettingsException($"--port {port} is not between 0 and 65535");

        var seeds = given.Seeds is { Count: > 0 } s ? s
            : environment(SeedsVariable) is { Length: > 0 } fromEnvironment ? Split(fromEnvironment)
            : ConfiguredSeeds(config, r);
        foreach (var seed in seeds) CheckSeed(seed);
        // seeds given on the command line or in the environment win over discovery; configured ones and discovery are one too many
        var discovery = given.Seeds is { Count: > 0 } || environment(SeedsVariable) is { Length: > 0 } ? null : ReadDiscovery(r.Section("discovery"));
        if (discovery is not null && seeds.Count > 0)
            throw new SettingsException($"{r.Key("seed-nodes")} and {r.Key("discovery.method")} are both set: the seeds are listed or discovered, not both");

        var roleText = given.Roles ?? environment(RolesVariable);
        var roles = roleText is { Length: > 0 } ? Split(roleText) : r.TextList("roles");
        if (roles.Count == 0) throw new SettingsException($"--roles is empty: give at least one of {string.Join(", ", ClusterNode.AllRoles)}");
        foreach (var role in roles.Where(x => !ClusterNode.AllRoles.Contains(x)))
            throw new SettingsException($"role '{role}' is not one of {string.Join(", ", ClusterNode.AllRoles)}");
        if (seeds.Count == 0 && discovery is null)
            throw new SettingsException(
                $"--cluster needs seed nodes (--seed akka.tcp://precog@HOST:PORT, {SeedsVariable}, {r.Key("seed-nodes")} or {r.Key("discovery.method")}); the first node lists itself");
        return new ClusterNodeSettings(hostname, publicHostname, port, seeds, roles.Distinct().ToList(), discovery);
    }

    public ClusterNode Node => new(Seeds, Roles, PublicHostname, Discovery);

    /// <summary>A unique name among the nodes (alerts are journaled per node): the address the others reach it at.</summary>
    public string Name => $"{PublicHostname ?? Hostname}:{Port}";

    public bool Has(string role) => Roles.Contains(role);

    public string Describe() => $"cluster node {Name} with roles {string.Join(", ", Roles)}, joining through " + (Discovery is { } d
        ? $"the seeds discovery method '{d.Method}' finds for service '{d.ServiceName}'"
        : string.Join(", ", Seeds));

    /// <summary>
    /// precog.cluster.discovery: none when its method is empty. The <c>config</c> method takes its endpoints (HOST:PORT
    /// each, the founding node first) from the same section; another method (one Akka.Discovery knows, configured under
    /// akka.discovery in the --config file) takes none from here.
    /// </summary>
    private static SeedDiscovery? ReadDiscovery(SettingsReader d)
    {
        var method = d.Text("method").Trim();
        if (method.Length == 0) return null;
        var service = d.Text("service-name").Trim();
        if (!System.Text.RegularExpressions.Regex.IsMatch(service, "^[A-Za-z0-9._-]+$"))
            throw new SettingsException($"{d.Key("service-name")} = '{service}' is not a service name (letters, digits, '.', '_' and '-')");
        var timeout = d.Duration("lookup-timeout");
        var endpoints = d.TextList("endpoints");
        if (method != "config")
        {
            if (endpoints.Count > 0)
                throw new SettingsException($"{d.Key("endpoints")} is for discovery method 'config'; method '{method}' is configured under akka.discovery.{method}");
            return new SeedDiscovery(method, service, timeout);
        }
        if (endpoints.Count == 0) throw new SettingsException($"{d.Key("endpoints")} is empty: discovery method 'config' needs the nodes' HOST:PORT, the founding node first");
        for (var i = 0; i < endpoints.Count; i++)
        {
            var colon = endpoints[i].LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoints[i][(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535
                || endpoints[i][..colon].Any(c => char.IsWhiteSpace(c) || c is '"' or '\\' or '/' or '@'))
                throw new SettingsException($"{d.Key("endpoints")}[{i}] = '{endpoints[i]}' is not HOST:PORT (a node's cluster address and port)");
        }
        var list = string.Join(", ", endpoints.Select(e => $"\"{e}\""));
        return new SeedDiscovery(method, service, timeout, $"akka.discovery.config.services.\"{service}\".endpoints = [{list}]");
    }

    /// <summary>precog.cluster.seed-nodes: the shipped [] is read as no seeds (the reader of lists takes it for a missing value).</summary>
    private static IReadOnlyList<string> ConfiguredSeeds(Config config, SettingsReader r)
    {
        var list = config.GetStringList(r.Key("seed-nodes"));
        return list is null ? [] : list.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }

    private static List<string> Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>A seed is an Akka address of this actor system: akka.tcp://precog@HOST:PORT.</summary>
    private static void CheckSeed(string seed)
    {
        if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || uri.Scheme != "akka.tcp" || uri.UserInfo != "precog" || uri.Port <= 0 || uri.AbsolutePath is not ("" or "/"))
            throw new SettingsException($"seed node '{seed}' is not an address of a Precog node: akka.tcp://precog@HOST:PORT");
    }
}

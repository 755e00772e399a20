using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Precog.Configuration;
using Precog.Host;
using Precog.Persistence;

namespace Precog.Cluster.Tests;

/// <summary>
/// Seeds through Akka.Discovery's config method, for real: two actor systems on loopback ports, neither given a seed, each
/// looking the service up with the HOCON its bound settings produce, form one cluster.
/// </summary>
public sealed class SeedDiscoveryTests
{
    [Fact]
    public async Task Two_nodes_that_list_no_seed_find_each_other_through_the_config_method_and_form_one_cluster()
    {
        var ports = new[] { ClusterHarness.FreePort(), ClusterHarness.FreePort() };
        var settings = ClusterNodeSettings.Load(
            ConfigurationFactory.ParseString($$"""precog.cluster.discovery { method = config, endpoints = ["127.0.0.1:{{ports[0]}}", "127.0.0.1:{{ports[1]}}"] }""")
                .WithFallback(PrecogConfig.Defaults),
            new(true, null, null, null, null), _ => null, DatabaseTarget.Parse("Host=127.0.0.1;Database=precog"), sharedVenue: true)!;
        var discovery = settings.Discovery!;

        // the second endpoint starts first: it waits for the founder, which joins itself once no other node has a cluster
        var systems = ports.Reverse().Select(port => ActorSystem.Create("precog", ConfigurationFactory.ParseString(discovery.Hocon).WithFallback(ConfigurationFactory.ParseString(
            $"akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.hostname = 127.0.0.1\nakka.remote.dot-netty.tcp.port = {port}\nakka.loglevel = WARNING")))).ToList();
        try
        {
            Assert.Equal([.. ports.Select(p => $"akka.tcp://precog@127.0.0.1:{p}")], (await discovery.ResolveAsync(systems[0])).Select(a => a.ToString()));
            foreach (var system in systems) discovery.JoinWhenFound(system);

            var formed = () => Task.FromResult(systems.All(s => Akka.Cluster.Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == 2));
            try
            {
                await Precog.Tests.Eventually.Holds(formed, TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Assert.Fail("no cluster of two within 30 s: " + string.Join("; ", systems.Select(s =>
                    $"{Akka.Cluster.Cluster.Get(s).SelfAddress} sees {string.Join(", ", Akka.Cluster.Cluster.Get(s).State.Members)}")));
            }
            // one cluster, founded by the first endpoint: the oldest member everywhere
            Assert.All(systems, s => Assert.Equal(ports[0], Akka.Cluster.Cluster.Get(s).State.Members.Aggregate((a, b) => a.IsOlderThan(b) ? a : b).Address.Port));
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate()));
        }
    }
}

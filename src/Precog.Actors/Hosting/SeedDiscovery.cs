using Akka.Actor;
using Akka.Discovery;
using Akka.Event;

namespace Precog.Actors.Hosting;

/// <summary>
/// Seed nodes found through Akka.Discovery instead of listed (README "Scale out"): at start the node looks up
/// <paramref name="ServiceName"/> with the discovery <paramref name="Method"/> (e.g. <c>config</c>, Akka.Discovery's
/// config method, whose endpoints <paramref name="Hocon"/> carries), takes every target found (HOST:PORT, in the order
/// the method gives them) as a seed and joins through them. Every node sees the same order, so the first target is
/// the one that founds the cluster when none is up yet, as the first of a listed set does. A lookup that fails or
/// finds nothing is logged and tried again until it finds seeds or the node stops.
/// </summary>
public sealed record SeedDiscovery(string Method, string ServiceName, TimeSpan LookupTimeout, string Hocon = "")
{
    /// <summary>How long a node waits before it looks again after a lookup that failed or found nothing.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>The seeds the method finds now, as this system's addresses; a target without a port is refused by name.</summary>
    public async Task<IReadOnlyList<Address>> ResolveAsync(ActorSystem system)
    {
        var resolved = await Discovery.Get(system).LoadServiceDiscovery(Method).Lookup(new Lookup(ServiceName), LookupTimeout).ConfigureAwait(false);
        return resolved.Addresses
            .Select(t => t.Port is { } port
                ? new Address("akka.tcp", system.Name, t.Host, port)
                : throw new InvalidOperationException($"discovery method '{Method}' found {t.Host} for service '{ServiceName}' without a port: give HOST:PORT"))
            .ToList();
    }

    /// <summary>Looks the seeds up until found, then joins through them (in the background: the node's start does not wait).</summary>
    public void JoinWhenFound(ActorSystem system)
    {
        var log = Logging.GetLogger(system, typeof(SeedDiscovery));
        _ = Task.Run(async () =>
        {
            while (!system.WhenTerminated.IsCompleted)
            {
                try
                {
                    var seeds = await ResolveAsync(system).ConfigureAwait(false);
                    if (seeds.Count > 0)
                    {
                        log.Info("Seed nodes found through discovery method '{0}' for service '{1}': {2}", Method, ServiceName, string.Join(", ", seeds));
                        Akka.Cluster.Cluster.Get(system).JoinSeedNodes(seeds);
                        return;
                    }
                    log.Warning("Discovery method '{0}' found no node of service '{1}'; looking again in {2}", Method, ServiceName, RetryAfter);
                }
                catch (Exception e)
                {
                    log.Warning("Seed nodes not found through discovery method '{0}' for service '{1}' ({2}); looking again in {3}", Method, ServiceName, e.Message, RetryAfter);
                }
                await Task.WhenAny(Task.Delay(RetryAfter), system.WhenTerminated).ConfigureAwait(false);
            }
        });
    }
}

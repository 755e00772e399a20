using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Precog.Actors.Gateway;
using Precog.Actors.Risk;

namespace Precog.Actors.Hosting;

/// <summary>
/// Waits, before a simulated run's first input, until every shard region has registered with its coordinator and
/// the singletons answer: until then they hold messages in buffers of their own, out of sight of the quiescence
/// count, and retry on the wall clock. The game day and the backtest both wait here.
/// </summary>
public static class EngineReady
{
    public static async Task WaitAsync(ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        foreach (var region in new[] { await registry.GetAsync<MarketRegion>(ct), await registry.GetAsync<GameRegion>(ct),
                     await registry.GetAsync<PositionRegion>(ct), await registry.GetAsync<BreakerRegion>(ct) })
            while (true)
            {
                var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(30), ct);
                if (regions.Regions.Contains(self)) break;
                await Task.Delay(100, ct);
            }
        await (await registry.GetAsync<RiskManagerKey>(ct)).Ask<RiskLedger>(new GetRiskLedger(), TimeSpan.FromSeconds(60), ct);
        await (await registry.GetAsync<GatewayKey>(ct)).Ask<GatewayStatus>(GetGatewayStatus.Instance, TimeSpan.FromSeconds(60), ct);
    }
}

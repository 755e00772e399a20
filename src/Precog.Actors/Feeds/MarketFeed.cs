using Akka.Actor;
using Akka.Event;
using Precog.Actors.Markets;
using Precog.Domain.Values;
using Precog.Exchanges;

using Precog.Actors.Time;

namespace Precog.Actors.Feeds;

/// <summary>Follow these markets on the venue's stream (added to what the feed already follows).</summary>
public sealed record FollowMarkets(IReadOnlyList<MarketTicker> Tickers);

/// <summary>
/// One venue's market-data connection (per node): reads its stream and hands every book and lifecycle event to
/// the market it belongs to. Fills are not taken from the stream: the gateway reads them from the venue, which
/// is authoritative (a stream may drop them). A stream that ends or fails is reopened with backoff, and the
/// snapshot it sends first resynchronises every book.
/// </summary>
public sealed class MarketFeed : ClockedActor
{
    private readonly IMarketDataStream _stream;
    private readonly IActorRef _markets;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<MarketTicker> _tickers = [];
    private readonly Lock _handOver = new(); // a reading hands an event over, or is cancelled: never both at once
    private CancellationTokenSource? _reading;
    private IDisposable? _pushed;
    private int _failures;

    public MarketFeed(IMarketDataStream stream, IActorRef markets, TimeProvider time)
    {
        _stream = stream;
        _markets = markets;
        _time = time;
        Receive<FollowMarkets>(f =>
        {
            if (!f.Tickers.Except(_tickers).Any()) return;
            _tickers.UnionWith(f.Tickers);
            Restart();
        });
        Receive<StreamEnded>(e =>
        {
            if (e.Reading != _reading) return; // an older connection, already replaced
            _failures++;
            var wait = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(_failures, 7))));
            _log.Warning("{0} market data stream ended ({1}); reconnecting in {2:0.0} s", _stream.Platform, e.Reason, wait.TotalSeconds);
            Timers.StartSingle("reconnect", new Reconnect(), wait);
        });
        Receive<Reconnect>(_ => Restart());
        // markets that lack a snapshot (started anew on another node) ask; one reconnection a moment later serves them all
        Receive<Markets.ResyncMarket>(r =>
        {
            if (!_tickers.Contains(r.Ticker) || Timers.IsActive("resync")) return;
            _log.Info("{0}: market {1} needs its book again; resubscribing", _stream.Platform, r.Ticker);
            Timers.StartSingle("resync", new Reconnect(), TimeSpan.FromMilliseconds(200));
        });
        Receive<Connected>(c => { if (c.Reading == _reading) _failures = 0; });
    }

    protected override TimeProvider TimerClock => _time;


    public static Props Props(IMarketDataStream stream, IActorRef markets, TimeProvider time) => Akka.Actor.Props.Create(() => new MarketFeed(stream, markets, time));

    private sealed record StreamEnded(CancellationTokenSource Reading, string Reason);
    private sealed record Reconnect;
    private sealed record Connected(CancellationTokenSource Reading);

    /// <summary>
    /// Cancels the reading (if any) and opens a new one for every followed market. A new reading numbers its books afresh,
    /// so nothing of the old one may reach a market after it: a stream may still yield what it had buffered after its
    /// cancellation (a channel's ReadAllAsync does), and the reading loop drops that, deciding under the same lock as the
    /// cancel, so an old event is either handed over before the cancel returns or never.
    /// </summary>
    private void Restart()
    {
        lock (_handOver) _reading?.Cancel();
        _pushed?.Dispose();
        var reading = _reading = new CancellationTokenSource();
        var self = Self;
        var markets = _markets;
        var tickers = _tickers.ToList();
        var handOver = _handOver;
        if (_stream is IPushMarketDataStream push)
        {
            // an in-process venue: each event goes to its market on the venue's thread, in the venue's order
            _pushed = push.Subscribe(tickers, e =>
            {
                if (e is FillNotice) return;
                Metrics.PrecogMetrics.TicksIn.Add(1);
                markets.Tell(new ApplyMarketData(e), self);
            });
            self.Tell(new Connected(reading));
            return;
        }
        IAsyncEnumerable<MarketDataEvent> events;
        try
        {
            events = _stream.ReadAsync(tickers, reading.Token); // a stream that subscribes when asked does so here, in order with the actor's work
        }
        catch (Exception ex)
        {
            self.Tell(new StreamEnded(reading, ex.Message));
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var first = true;
                await foreach (var e in events.WithCancellation(reading.Token))
                {
                    if (first) self.Tell(new Connected(reading));
                    first = false;
                    if (e is FillNotice) continue;
                    lock (handOver)
                    {
                        if (reading.IsCancellationRequested) break; // superseded: its numbering is not the markets' any more
                        Metrics.PrecogMetrics.TicksIn.Add(1);
                        markets.Tell(new ApplyMarketData(e), self); // the feed as sender: a market lacking its snapshot asks it
                    }
                }
                if (!reading.IsCancellationRequested) self.Tell(new StreamEnded(reading, "the venue closed it"));
            }
            catch (OperationCanceledException) when (reading.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                self.Tell(new StreamEnded(reading, ex.Message));
            }
        });
    }

    protected override void PostStop()
    {
        _reading?.Cancel();
        _pushed?.Dispose();
        base.PostStop();
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Precog.Backtest.Tapes;
using Precog.Configuration;
using Precog.Domain.Values;
using Precog.Exchanges;
using Serilog;

namespace Precog.Host;

/// <summary>
/// The node's tape (<c>--record FILE</c>), or none. The services that hand the engine its inputs (the market feed's
/// stream, the markets service's listings, the game feed) tell it what they hand over; it never holds them up
/// (<see cref="TapeRecorder"/>).
/// </summary>
public sealed class NodeRecording(TapeRecorder? tape)
{
    public static readonly NodeRecording None = new(null);

    public TapeRecorder? Tape { get; } = tape;

    /// <summary>Opens the tape at <paramref name="file"/> (null: no recording); a path that cannot be written is refused now. Game states carry the teams' <paramref name="ratings"/>.</summary>
    public static NodeRecording Open(string? file, string source, TimeProvider time, IReadOnlyDictionary<string, double> ratings)
    {
        if (file is null) return None;
        try
        {
            var tape = new TapeRecorder(file, source, time, why => Log.Error("Tape: {Reason}", why))
            {
                Ratings = team => ratings.TryGetValue(team, out var elo) ? elo : null,
            };
            Log.Information("Recording the node's inputs to the tape {Tape}", Path.GetFullPath(file));
            return new NodeRecording(tape);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SettingsException($"--record {file}: cannot write there ({e.Message})");
        }
    }

    /// <summary>The engine's stream, its events recorded as the feed reads them (the stream itself when not recording).</summary>
    public IMarketDataStream Wrap(IMarketDataStream stream) => Tape switch
    {
        null => stream,
        { } tape when stream is IPushMarketDataStream push => new RecordedPushStream(push, tape),
        { } tape => new RecordedStream(stream, tape),
    };

    /// <summary>What the simulated day's driver hands the engine besides the venue's data: listings and game states.</summary>
    public Action<object>? DayInputs => Tape is not { } tape ? null : input =>
    {
        switch (input)
        {
            case Precog.Actors.Markets.ListMarket m:
                tape.Listed(m.Ticker, m.EventTicker, m.Title, m.ExpectedExpiration, m.League, m.ExternalGameId);
                break;
            case Precog.Domain.Games.GameStateChanged g:
                tape.Game(g);
                break;
        }
    };

    private sealed class RecordedStream(IMarketDataStream inner, TapeRecorder tape) : IMarketDataStream
    {
        public string Platform => inner.Platform;

        public async IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var e in inner.ReadAsync(tickers, ct).WithCancellation(ct))
            {
                tape.Market(e);
                yield return e;
            }
        }
    }

    /// <summary>An in-process venue's stream (the simulated day): each event recorded on the venue's thread as it is handed over.</summary>
    private sealed class RecordedPushStream(IPushMarketDataStream inner, TapeRecorder tape) : IPushMarketDataStream
    {
        private readonly RecordedStream _read = new(inner, tape);

        public string Platform => inner.Platform;

        public IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken ct) => _read.ReadAsync(tickers, ct);

        public IDisposable Subscribe(IReadOnlyCollection<MarketTicker> tickers, Action<MarketDataEvent> deliver) =>
            inner.Subscribe(tickers, e =>
            {
                tape.Market(e);
                deliver(e);
            });
    }
}

/// <summary>
/// Closes the tape when the node stops: registered before the actor system, so it stops after the engine has stopped
/// handing inputs over, and the tape holds everything up to the end.
/// </summary>
public sealed class NodeRecordingService(NodeRecording recording) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (recording.Tape is not { } tape) return;
        await tape.DisposeAsync();
        Log.Information("Tape closed: {Events} events written, {Dropped} dropped", tape.Written, tape.Dropped);
    }
}

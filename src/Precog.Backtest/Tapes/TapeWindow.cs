namespace Precog.Backtest.Tapes;

/// <summary>
/// The part of a tape between two dates (`precog backtest --from DATE --to DATE`), whole markets and games only: a
/// market is kept, with its every book and its settlement, when it was listed on a day in the window; a game is kept
/// when a kept market follows it, or (followed by none) when its first state falls in the window. A market cut in
/// half would leave positions open at its end or settle ones it never showed opening.
/// </summary>
public static class TapeWindow
{
    public static Tape Slice(Tape tape, DateOnly? from, DateOnly? to)
    {
        if (from is null && to is null) return tape;
        if (from is { } f && to is { } t && f > t) throw new ArgumentException($"--from {f:yyyy-MM-dd} is after --to {t:yyyy-MM-dd}");
        bool Inside(DateTimeOffset at)
        {
            var day = DateOnly.FromDateTime(at.UtcDateTime);
            return (from is null || day >= from) && (to is null || day <= to);
        }
        var listed = tape.Events.OfType<MarketListed>().GroupBy(m => m.Ticker).ToDictionary(g => g.Key, g => g.First());
        var markets = listed.Values.Where(m => Inside(m.At)).Select(m => m.Ticker).ToHashSet(StringComparer.Ordinal);
        var linked = listed.Values.Where(m => m.GameId is not null).GroupBy(m => m.GameId!).ToDictionary(g => g.Key, g => g.Any(m => markets.Contains(m.Ticker)));
        var firstState = tape.Events.OfType<GameStateRecorded>().GroupBy(g => g.GameId).ToDictionary(g => g.Key, g => g.First().At);
        var games = firstState.Keys.Where(id => linked.TryGetValue(id, out var kept) ? kept : Inside(firstState[id])).ToHashSet(StringComparer.Ordinal);
        var events = tape.Events.Where(e => e switch
        {
            MarketListed m => markets.Contains(m.Ticker),
            BookSnapshotted b => markets.Contains(b.Ticker),
            MarketSettled s => markets.Contains(s.Ticker),
            TradeRecorded t => markets.Contains(t.Ticker),
            MarketStatusRecorded m => markets.Contains(m.Ticker),
            GameStateRecorded g => games.Contains(g.GameId),
            _ => Inside(e.At),
        }).ToList();
        var window = $"{from?.ToString("yyyy-MM-dd") ?? "the start"} to {to?.ToString("yyyy-MM-dd") ?? "the end"}";
        if (events.Count == 0)
            throw new ArgumentException($"the tape has no market listed from {window} (it runs from {tape.Header.From:yyyy-MM-dd} to {tape.Header.To:yyyy-MM-dd})");
        return new Tape(tape.Header with { From = events[0].At, To = events[^1].At, Source = $"{tape.Header.Source}, {window}" }, events);
    }
}

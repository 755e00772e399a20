using System.Collections.Immutable;
using Precog.Actors.Breakers;
using Precog.Actors.Markets;
using Precog.Domain;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Fees;
using Precog.Domain.Risk;
using Precog.Domain.Values;

namespace Precog.Actors.Risk;

/// <summary>Why an entry signal was not admitted.</summary>
public sealed record EntryRefused(string Ticker, string Strategy, string Reason);

/// <summary>
/// The exposure ledger, built only from the risk manager's events: the positions it admitted and has not yet
/// released, markets cooling down after a stop, and today's realized P&amp;L. Admission is a pure function of
/// it, the breakers' board and the signal.
/// </summary>
public sealed record RiskLedger(ImmutableDictionary<PositionId, EntryAdmitted> Open, ImmutableDictionary<string, DateTimeOffset> Cooldowns, Money Bankroll)
{
    public static RiskLedger Start(Money bankroll) => new(ImmutableDictionary<PositionId, EntryAdmitted>.Empty, ImmutableDictionary<string, DateTimeOffset>.Empty, bankroll);

    /// <summary>Exits that block re-entry in their market for the cooldown (TRADING_RULES: after a stop-loss or trailing-stop exit).</summary>
    public static readonly IReadOnlySet<string> CoolingExits = new HashSet<string> { "stop_loss", "trailing_stop" };

    public RiskLedger Apply(IPrecogEvent e, TimeSpan cooldown) => e switch
    {
        EntryAdmitted a => this with { Open = Open.SetItem(a.Position, a) },
        ExposureReleased r when Open.TryGetValue(r.Position, out var a) => this with
        {
            Open = Open.Remove(r.Position),
            Bankroll = Money.Round(Bankroll.Value + r.RealizedPnl.Value),
            Cooldowns = CoolingExits.Contains(r.Reason) ? Cooldowns.SetItem(Key(a.Platform, a.Ticker), r.At + cooldown) : Cooldowns,
        },
        _ => this,
    };

    public Money Exposure => Money.Round(Open.Values.Sum(a => a.Cost.Value));

    /// <summary>
    /// Admits and sizes a signal, or says why not: breakers (global, the exchange's, the feeds'), a cooldown, one
    /// position per market and strategy version at a time (so two versions can be compared on the same markets), then binary Kelly with every cap of §1 (a size of zero is a refusal).
    /// </summary>
    public (EntryAdmitted? Admitted, EntryRefused? Refused) Admit(EntrySignal s, BreakerBoard board, PositionId id, DateTimeOffset now, SizingSettings sizing, IFeeModel fees)
    {
        EntryRefused No(string why) => new(s.Ticker.Value, s.Strategy, why);
        var feeds = new HashSet<string> { s.Platform };
        if (s.League is { } league) feeds.Add(league);
        var admission = board.Entry(new EntryScope(s.Platform, feeds));
        if (!admission.Allowed) return (null, No($"breakers open: {string.Join(", ", admission.BlockedBy)}"));
        if (Cooldowns.TryGetValue(Key(s.Platform, s.Ticker), out var until) && until > now) return (null, No($"market cooling down after a stop until {until:O}"));
        if (Open.Values.Any(a => a.Platform == s.Platform && a.Ticker == s.Ticker && a.Strategy == s.Strategy))
            return (null, No("this strategy version already holds a position in this market"));

        var inGame = Open.Values.Where(a => s.ExternalGameId is not null && a.ExternalGameId == s.ExternalGameId && a.League == s.League).ToList();
        var portfolio = new Portfolio(Bankroll, Exposure, Open.Count, inGame.Count, Money.Round(inGame.Sum(a => a.Cost.Value)));
        var size = KellySizer.Size(s.ModelProbability, s.Ask, portfolio, sizing, fees);
        if (size.Contracts.IsZero) return (null, No($"sized to zero contracts (bound by {size.BoundBy})"));
        return (new EntryAdmitted(id, s.Platform, s.Ticker, s.Side, size.Contracts, s.Ask, size.Cost, s.Strategy, s.League, s.ExternalGameId, now), null);
    }

    private static string Key(string platform, MarketTicker ticker) => $"{platform}:{ticker}";
}

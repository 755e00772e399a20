using Precog.Domain.Entry;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Actors.Positions;

/// <summary>A message for one position (the sharding key).</summary>
public interface IPositionMessage
{
    PositionId Position { get; }
}

/// <summary>The risk manager admitted an entry: open the position and send its entry order.</summary>
public sealed record OpenPosition(
    PositionId Position, string Platform, MarketTicker Ticker, Side Side, Quantity Quantity, Price LimitPrice,
    string Strategy, string Model, string? Method, ConfidenceTier Tier) : IPositionMessage;

/// <summary>The top of a market's book moved (published by its MarketActor on the market's topic).</summary>
public sealed record QuoteUpdated(
    string Platform, MarketTicker Ticker, Price YesBid, Price YesAsk, Price NoBid, Price NoAsk, Quantity YesBidSize, Quantity NoBidSize, DateTimeOffset At)
{
    /// <summary>The held side's book: its bid is the mark, its ask is 1 − the other side's bid.</summary>
    public Domain.Exits.BookTop For(Side side) => side == Side.Yes
        ? new(YesBid, YesAsk, YesBidSize.Value)
        : new(NoBid, NoAsk, NoBidSize.Value);
}

/// <summary>What the exit conditions may use besides the book: edges, time to settlement, the daily-loss breaker.</summary>
public sealed record MarketInputsChanged(PositionId Position, MarketInputs Inputs) : IPositionMessage;

/// <summary>The position's market settled: YES pays this.</summary>
public sealed record SettleMarket(PositionId Position, Price YesSettlement) : IPositionMessage;

/// <summary>Asks for a snapshot of the position (its record), for the operator and for tests.</summary>
public sealed record GetPosition(PositionId Position) : IPositionMessage;

/// <summary>Asks for the position's record and the last quote it marked itself on (the operator's view: entry, mark, P&amp;L, exits).</summary>
public sealed record GetPositionSnapshot(PositionId Position) : IPositionMessage;

/// <summary>Reply to <see cref="GetPositionSnapshot"/>: the record built from the journal and the latest quote heard (null before the first).</summary>
public sealed record PositionSnapshot(PositionId Position, PositionRecord Record, QuoteUpdated? LastQuote);

/// <summary>An exit gave up (its schedule ran out or the venue kept refusing): published for the alert router.</summary>
public sealed record ExitGaveUpNotice(PositionId Position, MarketTicker Ticker, string Condition, Quantity Unsold, string Reason);

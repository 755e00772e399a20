using Precog.Domain.Values;

namespace Precog.Domain.Orders;

/// <summary>
/// The exchange gateway is about to send a position's new order: which position the client order id belongs to,
/// so that a restarted gateway can tell the venue's resting orders to their positions.
/// </summary>
public sealed record OrderRouted(string Platform, PositionId Position, ClientOrderId ClientOrderId, MarketTicker Ticker, DateTimeOffset At) : IPrecogEvent;

/// <summary>The gateway told the position the order's end (executed, canceled or refused): it need not be re-learned after a restart.</summary>
public sealed record OrderRouteClosed(string Platform, ClientOrderId ClientOrderId, string Outcome, DateTimeOffset At) : IPrecogEvent;

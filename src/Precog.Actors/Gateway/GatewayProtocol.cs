using Precog.Domain.Exits;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Gateway;

/// <summary>
/// What positions ask of the exchange gateway, and what it answers. Every answer goes to the position that
/// asked (by its id, so it reaches it wherever it lives) and names the client order id it is about.
/// </summary>
public interface IGatewayCommand
{
    PositionId Position { get; }
}

/// <summary>Place this order (idempotent by its client order id).</summary>
public sealed record PlaceOrder(PositionId Position, OrderRequest Order) : IGatewayCommand;

/// <summary>Cancel what rests of this order.</summary>
public sealed record CancelOrder(PositionId Position, ClientOrderId ClientOrderId, string OrderId, string Platform, MarketTicker Ticker) : IGatewayCommand;

/// <summary>Ask the venue what became of this client order id, with its fills.</summary>
public sealed record QueryOrder(PositionId Position, ClientOrderId ClientOrderId, string Platform) : IGatewayCommand;

/// <summary>An answer about one order of a position.</summary>
public interface IOrderAnswer
{
    PositionId Position { get; }
    ClientOrderId ClientOrderId { get; }
}

/// <summary>The order as the venue has it, with every fill so far (the position counts each trade once).</summary>
public sealed record OrderReport(PositionId Position, VenueOrder Order) : IOrderAnswer
{
    public ClientOrderId ClientOrderId => Order.ClientOrderId;
}

/// <summary>The venue never saw this client order id: sending it again cannot make a second order.</summary>
public sealed record OrderNotFound(PositionId Position, ClientOrderId ClientOrderId) : IOrderAnswer;

/// <summary>The venue refused the order; sending the same again will not help.</summary>
public sealed record OrderRejected(PositionId Position, ClientOrderId ClientOrderId, string Reason) : IOrderAnswer;

/// <summary>No answer in time: the outcome is unknown until the venue is asked.</summary>
public sealed record OrderOutcomeUnknown(PositionId Position, ClientOrderId ClientOrderId, string Reason) : IOrderAnswer;

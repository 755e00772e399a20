using Microsoft.Extensions.Time.Testing;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;

namespace Precog.Exchanges.Tests.Simulated;

/// <summary>A simulated exchange on a fake clock with one listed market, and short ways to write orders and books.</summary>
internal sealed class SimulatedVenue
{
    public static readonly MarketTicker Ticker = new("KXNFLGAME-25DEC07BUFCIN-BUF");

    public SimulatedVenue(SimulatedExchangeSettings? settings = null)
    {
        Exchange = new SimulatedExchange(settings ?? SimulatedExchangeSettings.Default, Clock);
        Exchange.ListMarket(Ticker);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 12, 7, 18, 0, 0, TimeSpan.Zero));

    public SimulatedExchange Exchange { get; }

    public static BookLevel Level(decimal price, int size) => new(new Price(price), new Quantity(size));

    public static OrderRequest Order(
        Side side, OrderAction action, int quantity, decimal limit, TimeInForce tif = TimeInForce.GoodTillCanceled, ClientOrderId? id = null) =>
        new(id ?? ClientOrderId.New(), "kalshi", Ticker, side, action, new Quantity(quantity), new Price(limit), tif);

    public Task<OrderState> Place(OrderRequest order) => Exchange.PlaceOrderAsync(order, CancellationToken.None);

    public OrderBook SetBook(BookLevel[] yesBids, BookLevel[] noBids) => Exchange.SetBook(Ticker, yesBids, noBids);

    public Task<IReadOnlyList<ExchangeFill>> Fills(string? orderId = null) => Exchange.GetFillsAsync(orderId, null, CancellationToken.None);

    public async Task<decimal> Balance() => (await Exchange.GetBalanceAsync(CancellationToken.None)).Value;

    public Task<IReadOnlyList<ExchangePosition>> Positions() => Exchange.GetPositionsAsync(CancellationToken.None);
}

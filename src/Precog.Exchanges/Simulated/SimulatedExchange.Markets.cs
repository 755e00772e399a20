using Precog.Domain.Fees;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Exchanges.Simulated;

/// <summary>The scenario driver's controls (list, set or move a book, close, settle) and the matching they cause.</summary>
public sealed partial class SimulatedExchange
{
    /// <summary>Lists an open market with an empty book; subscribers that asked for it get its snapshot.</summary>
    public void ListMarket(MarketTicker ticker, string? eventTicker = null, string? title = null, DateTimeOffset? expectedExpiration = null)
    {
        lock (_gate)
        {
            if (_markets.ContainsKey(ticker))
                throw new InvalidOperationException($"market {ticker} is already listed");
            var market = new SimMarket(ticker, eventTicker ?? ticker.Value, title ?? ticker.Value, expectedExpiration);
            _markets.Add(ticker, market);
            var now = _time.GetUtcNow();
            Publish(ticker, new MarketLifecycle(Platform, ticker, MarketStatus.Open, null, now));
            Publish(ticker, new BookSnapshot(Platform, ticker, market.Book.ToOrderBook(ticker, now), market.Seq, now));
        }
    }

    /// <summary>Replaces a market's book (bids of each side, whole cents, not crossed); resting orders it reaches fill.</summary>
    public OrderBook SetBook(MarketTicker ticker, IReadOnlyList<BookLevel> yesBids, IReadOnlyList<BookLevel> noBids)
        => Replace(ticker, yesBids, noBids, PublishChanges);

    /// <summary>
    /// Replaces a market's whole book as a recorded snapshot does (a tape's book): validated as <see cref="SetBook"/>,
    /// but published as one snapshot, not level by level, so no reader sees a half-replaced book; resting orders it
    /// reaches fill.
    /// </summary>
    public OrderBook ReplaceBook(MarketTicker ticker, IReadOnlyList<BookLevel> yesBids, IReadOnlyList<BookLevel> noBids)
        => Replace(ticker, yesBids, noBids, PublishReplaced);

    private OrderBook Replace(MarketTicker ticker, IReadOnlyList<BookLevel> yesBids, IReadOnlyList<BookLevel> noBids,
        Action<SimMarket, List<LevelChange>, DateTimeOffset> publish)
    {
        foreach (var level in yesBids.Concat(noBids))
            if (!OnGrid(level.Price))
                throw new ArgumentException($"book level price {level.Price} is not a whole cent in [0.01, 0.99]");
        var bestYes = yesBids.Where(l => !l.Size.IsZero).Select(l => l.Price.Value).DefaultIfEmpty(0m).Max();
        var bestNo = noBids.Where(l => !l.Size.IsZero).Select(l => l.Price.Value).DefaultIfEmpty(0m).Max();
        if (bestYes + bestNo >= 1m)
            throw new ArgumentException($"book is crossed: YES bid {bestYes} + NO bid {bestNo} >= 1");
        lock (_gate)
        {
            // a closed market still shows a book (a recorded tape holds them); nothing rests in it to fill
            var market = Market(ticker);
            if (market.Status == MarketStatus.Settled) throw new InvalidOperationException($"market {ticker} is settled: it has no book");
            var now = _time.GetUtcNow();
            publish(market, market.Book.Replace(yesBids, noBids), now);
            if (market.Status == MarketStatus.Open) FillResting(market, now);
            return market.Book.ToOrderBook(ticker, now);
        }
    }

    /// <summary>
    /// Moves a market's book one step of the seeded price process toward the true YES probability
    /// (<see cref="PriceProcessSettings"/>), then fills the resting orders it reaches.
    /// </summary>
    public OrderBook StepPrice(MarketTicker ticker, Probability trueYes)
    {
        lock (_gate)
        {
            var market = OpenMarket(ticker);
            var s = _prices;
            var target = trueYes.Value;
            var mid = market.Mid is { } previous ? target + s.Lag * (previous - target) : target;
            var noiseTicks = (int)(s.Noise * 10_000m);
            mid = Math.Clamp(mid + _priceRandom.Next(-noiseTicks, noiseTicks + 1) / 10_000m, 0m, 1m);
            market.Mid = mid;
            var bestYes = Math.Clamp(Math.Floor((mid - s.Spread / 2) * 100m) / 100m, 0.01m, 0.98m);
            var yesAsk = Math.Clamp(Math.Ceiling((mid + s.Spread / 2) * 100m) / 100m, bestYes + 0.01m, 0.99m);
            var yesBids = Ladder(bestYes);
            var noBids = Ladder(1m - yesAsk);
            var now = _time.GetUtcNow();
            PublishReplaced(market, market.Book.Replace(yesBids, noBids), now);
            FillResting(market, now);
            return market.Book.ToOrderBook(ticker, now);
        }
    }

    private List<BookLevel> Ladder(decimal best)
    {
        var levels = new List<BookLevel>();
        for (var i = _prices.Levels - 1; i >= 0; i--)
        {
            var price = best - i * 0.01m;
            var size = _priceRandom.Next(Math.Max(1, _prices.Depth / 2), _prices.Depth + _prices.Depth / 2 + 1);
            if (price >= 0.01m)
                levels.Add(new BookLevel(new Price(price), new Quantity(size)));
        }
        return levels;
    }

    /// <summary>Closes a market: its resting orders are canceled and further orders are refused (MARKET_INACTIVE).</summary>
    public void CloseMarket(MarketTicker ticker)
    {
        lock (_gate)
        {
            var market = OpenMarket(ticker);
            var now = _time.GetUtcNow();
            foreach (var order in _orders.Where(o => o.Request.Ticker == ticker && o.Status == OrderStatus.Resting))
                order.End(OrderStatus.Canceled, now);
            market.Status = MarketStatus.Closed;
            Publish(ticker, new MarketLifecycle(Platform, ticker, MarketStatus.Closed, null, now));
        }
    }

    /// <summary>Opens a closed market to trading again (a replayed tape's reopening); a settled market stays settled.</summary>
    public void ReopenMarket(MarketTicker ticker)
    {
        lock (_gate)
        {
            var market = Market(ticker);
            if (market.Status != MarketStatus.Closed) throw new InvalidOperationException($"market {ticker} is {market.Status.ToString().ToLowerInvariant()}, not closed");
            market.Status = MarketStatus.Open;
            Publish(ticker, new MarketLifecycle(Platform, ticker, MarketStatus.Open, null, _time.GetUtcNow()));
        }
    }

    /// <summary>Tells the market's stream of a trade printed by others (a replayed tape's print): the book is not changed.</summary>
    public void PrintTrade(MarketTicker ticker, string tradeId, Price yesPrice, Quantity count, Side takerSide)
    {
        lock (_gate)
        {
            Market(ticker);
            Publish(ticker, new TradePrint(Platform, ticker, tradeId, yesPrice, count, takerSide, _time.GetUtcNow()));
        }
    }

    /// <summary>Settles a market (closing it first if open): YES pays 1, 0 or 0.5, NO the rest; holdings pay into the balance.</summary>
    public void SettleMarket(MarketTicker ticker, Price yesPayout)
    {
        if (yesPayout != Price.One && yesPayout != Price.Zero && yesPayout != Price.Half)
            throw new ArgumentException($"YES payout {yesPayout} is not 1, 0 or 0.5", nameof(yesPayout));
        lock (_gate)
        {
            var market = Market(ticker);
            if (market.Status == MarketStatus.Settled)
                throw new InvalidOperationException($"market {ticker} is already settled");
            if (market.Status == MarketStatus.Open)
                CloseMarket(ticker);
            _account.Settle(ticker, yesPayout);
            market.Status = MarketStatus.Settled;
            market.YesSettlement = yesPayout;
            Publish(ticker, new MarketLifecycle(Platform, ticker, MarketStatus.Settled, yesPayout, _time.GetUtcNow()));
        }
    }

    private SimMarket Market(MarketTicker ticker) =>
        _markets.TryGetValue(ticker, out var market) ? market : throw new InvalidOperationException($"market {ticker} is not listed");

    private SimMarket OpenMarket(MarketTicker ticker)
    {
        var market = Market(ticker);
        return market.Status == MarketStatus.Open ? market : throw new InvalidOperationException($"market {ticker} is {market.Status}");
    }

    /// <summary>Creates the order and trades it against the book as taker (see the matching rules on the class).</summary>
    private SimOrder Accept(OrderRequest request, DateTimeOffset now)
    {
        var order = new SimOrder($"SIM-{++_orderNumber:D6}", request, now);
        _orders.Add(order);
        _byClientOrderId.Add(request.ClientOrderId, order);
        _byOrderId.Add(order.OrderId, order);
        var market = _markets[request.Ticker];
        var crossing = market.Book.Crossing(request.Side, request.Action == OrderAction.Buy, request.LimitPrice);
        if (request.TimeInForce == TimeInForce.FillOrKill && crossing.Sum(l => (long)l.Size) < request.Quantity.Value)
        {
            order.End(OrderStatus.Canceled, now);
            return order;
        }
        var changes = new List<LevelChange>();
        var fills = new List<ExchangeFill>();
        foreach (var level in crossing)
        {
            if (order.Remaining == 0)
                break;
            var take = Math.Min(level.Size, order.Remaining);
            changes.Add(market.Book.Take(level.BookSide, level.Bid, take));
            fills.Add(Fill(order, take, level.OrderPrice, Liquidity.Taker, now));
        }
        if (order.Remaining == 0)
            order.End(OrderStatus.Executed, now);
        else if (request.TimeInForce != TimeInForce.GoodTillCanceled)
            order.End(OrderStatus.Canceled, now);
        PublishChanges(market, changes, now);
        fills.ForEach(PublishFill);
        return order;
    }

    /// <summary>Resting orders of the market, oldest first, take what now crosses them, at their own limit (maker).</summary>
    private void FillResting(SimMarket market, DateTimeOffset now)
    {
        foreach (var order in _orders.Where(o => o.Request.Ticker == market.Ticker && o.Status == OrderStatus.Resting).ToList())
        {
            var taken = 0;
            var changes = new List<LevelChange>();
            foreach (var level in market.Book.Crossing(order.Request.Side, order.Request.Action == OrderAction.Buy, order.Request.LimitPrice))
            {
                var take = Math.Min(level.Size, order.Remaining - taken);
                if (take == 0)
                    break;
                changes.Add(market.Book.Take(level.BookSide, level.Bid, take));
                taken += take;
            }
            if (taken == 0)
                continue;
            var fill = Fill(order, taken, order.Request.LimitPrice, Liquidity.Maker, now);
            if (order.Remaining == 0)
                order.End(OrderStatus.Executed, now);
            PublishChanges(market, changes, now);
            PublishFill(fill);
        }
    }

    private ExchangeFill Fill(SimOrder order, int quantity, Price price, Liquidity liquidity, DateTimeOffset now)
    {
        var request = order.Request;
        var contracts = new Quantity(quantity);
        var fee = _fees.Fee(contracts, price, liquidity);
        var (buySide, buyPrice) = AsBuy(request.Side, request.Action, price);
        _account.Apply(request.Ticker, buySide, quantity, buyPrice, fee);
        order.Record(quantity, now);
        var fill = new ExchangeFill(
            $"SIM-T-{++_tradeNumber:D6}", order.OrderId, request.Ticker, request.Side, request.Action, contracts, price, fee,
            liquidity == Liquidity.Taker, now);
        _fills.Add(fill);
        return fill;
    }

    /// <summary>
    /// The price process re-quotes the whole ladder: it goes out as one snapshot (with the next seq), not level
    /// by level, or a reader of deltas would see, between the first and the last, a half-replaced book whose
    /// spread never existed. (SetBook, the tests' fine control, publishes level by level.)
    /// </summary>
    private void PublishReplaced(SimMarket market, IReadOnlyCollection<LevelChange> changes, DateTimeOffset now)
    {
        if (changes.Count == 0) return;
        Publish(market.Ticker, new BookSnapshot(Platform, market.Ticker, market.Book.ToOrderBook(market.Ticker, now), ++market.Seq, now));
    }

    private void PublishChanges(SimMarket market, IEnumerable<LevelChange> changes, DateTimeOffset now)
    {
        foreach (var change in changes)
            Publish(market.Ticker, new BookDelta(Platform, market.Ticker, change.Side, change.Price, change.Delta, ++market.Seq, now));
    }

    /// <summary>A fill notice may be dropped by the fault settings; the fill itself stays in GetFillsAsync.</summary>
    private void PublishFill(ExchangeFill fill)
    {
        if (_faultRandom.NextDouble() >= _faults.DropFillNoticeRate)
            Publish(fill.Ticker, new FillNotice(Platform, fill));
    }

    private void Publish(MarketTicker ticker, MarketDataEvent e)
    {
        if (_faults.FeedStalled)
            return;
        foreach (var subscriber in _subscribers)
            if (subscriber.Tickers.Contains(ticker))
                subscriber.Write(e);
    }

    internal void Subscribe(SimulatedMarketData.Subscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers.Add(subscriber);
            if (_faults.FeedStalled)
                return;
            var now = _time.GetUtcNow();
            foreach (var ticker in subscriber.Tickers.OrderBy(t => t.Value, StringComparer.Ordinal))
                if (_markets.TryGetValue(ticker, out var market))
                    subscriber.Write(new BookSnapshot(Platform, ticker, market.Book.ToOrderBook(ticker, now), market.Seq, now));
        }
    }

    internal void Unsubscribe(SimulatedMarketData.Subscriber subscriber)
    {
        lock (_gate)
            _subscribers.Remove(subscriber);
    }

    private static PriceProcessSettings Validate(PriceProcessSettings s)
    {
        if (s.Lag is < 0m or >= 1m)
            throw new ArgumentOutOfRangeException(nameof(s), s.Lag, "price process Lag must lie in [0, 1)");
        if (s.Noise < 0m || s.Spread < 0.01m || s.Levels < 1 || s.Depth < 1)
            throw new ArgumentOutOfRangeException(nameof(s), s, "price process needs Noise ≥ 0, Spread ≥ 0.01, Levels ≥ 1, Depth ≥ 1");
        return s;
    }

    /// <summary>One market: its book, status and the process's current mid.</summary>
    private sealed class SimMarket(MarketTicker ticker, string eventTicker, string title, DateTimeOffset? expectedExpiration)
    {
        public MarketTicker Ticker { get; } = ticker;
        public SimulatedBook Book { get; } = new();
        public MarketStatus Status { get; set; } = MarketStatus.Open;
        public Price? YesSettlement { get; set; }
        public decimal? Mid { get; set; }
        public long Seq { get; set; }

        public ExchangeMarket ToExchangeMarket(string platform) =>
            new(platform, Ticker, eventTicker, null, title, Status, expectedExpiration, YesSettlement);
    }

    /// <summary>One accepted order and what has become of it.</summary>
    private sealed class SimOrder(string orderId, OrderRequest request, DateTimeOffset created)
    {
        public string OrderId { get; } = orderId;
        public OrderRequest Request { get; } = request;
        public int Filled { get; private set; }
        public int Remaining => Request.Quantity.Value - Filled;
        public OrderStatus Status { get; private set; } = OrderStatus.Resting;
        public DateTimeOffset Created { get; } = created;
        private DateTimeOffset _updated = created;

        public void Record(int quantity, DateTimeOffset at)
        {
            Filled += quantity;
            _updated = at;
        }

        public void End(OrderStatus status, DateTimeOffset at)
        {
            Status = status;
            _updated = at;
        }

        /// <summary>As Kalshi reports it: what still rests is the remainder; a canceled or executed order has none.</summary>
        public OrderState ToState() => new(
            OrderId, Request.ClientOrderId, Request.Ticker, Request.Side, Request.Action, Request.LimitPrice,
            Request.Quantity, new Quantity(Filled), new Quantity(Status == OrderStatus.Resting ? Remaining : 0), Status, Created, _updated);
    }
}

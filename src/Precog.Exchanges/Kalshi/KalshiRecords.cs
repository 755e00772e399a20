using Precog.Domain.Values;

namespace Precog.Exchanges.Kalshi;

/// <summary>A Kalshi event: a group of markets (one NFL game's two team markets, say).</summary>
public sealed record KalshiEvent(
    string EventTicker, string SeriesTicker, string Title, string? SubTitle, bool MutuallyExclusive, IReadOnlyList<ExchangeMarket> Markets);

/// <summary>A Kalshi series and its fee terms (read <see cref="FeeMultiplier"/> here rather than hard-coding it).</summary>
public sealed record KalshiSeries(string Ticker, string Title, string? Category, string? Frequency, string? FeeType, decimal FeeMultiplier);

/// <summary>A settled market of the account: what it resolved to and what it paid.</summary>
public sealed record KalshiSettlement(
    MarketTicker Ticker, string MarketResult, Money Revenue, Price? YesValue, Money Fees, Quantity YesCount, Quantity NoCount, DateTimeOffset SettledAt);

/// <summary>Filters of <c>GET /markets</c>; null means unfiltered.</summary>
public sealed record KalshiMarketQuery(string? SeriesTicker = null, string? EventTicker = null, string? Status = "open", IReadOnlyList<string>? Tickers = null);

using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Experiments;
using Precog.Domain.Exits;
using Precog.Domain.Fees;
using Precog.Domain.Positions;

namespace Precog.Domain;

/// <summary>
/// Every number of TRADING_RULES.md §1-§6 and §8 in one immutable record. The defaults here are those of the
/// rules document; hocon/precog.conf repeats them with documentation, and a test keeps the two equal.
/// </summary>
public sealed record TradingSettings
{
    public static readonly TradingSettings Default = new();

    public KalshiFeeSettings Fees { get; init; } = KalshiFeeSettings.Default;
    public EntrySettings Entry { get; init; } = EntrySettings.Default;
    public ConfidenceSettings Confidence { get; init; } = ConfidenceSettings.Default;
    public SizingSettings Sizing { get; init; } = SizingSettings.Default;
    public TrailingStopSettings TrailingStop { get; init; } = TrailingStopSettings.Default;
    public ExitSettings Exits { get; init; } = ExitSettings.Default;
    public ExitExecutionSettings ExitExecution { get; init; } = ExitExecutionSettings.Default;
    public BreakerSettings Breakers { get; init; } = BreakerSettings.Default;
    public AlertSettings Alerts { get; init; } = AlertSettings.Default;
    public AbTestSettings Experiments { get; init; } = AbTestSettings.Default;
}

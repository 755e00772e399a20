using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Precog.Domain;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Fees;
using Precog.Domain.Models;
using Precog.Domain.Positions;
using Precog.Domain.Strategies;
using Precog.Domain.Values;

namespace Precog.Benchmarks;

/// <summary>
/// pure_rules: ns per call of the pure rules of src/Precog.Domain that run on every quote, by BenchmarkDotNet
/// (in-process toolchain: no separate build; its own warm-up and iterations). Absolute: no baseline.
/// </summary>
public static class PureRulesBench
{
    public static IReadOnlyList<MetricResult> Run(BenchOptions o)
    {
        var job = (o.Quick
                ? Job.Default.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(50))
                : Job.Default.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)))
            .WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "precog-bdn"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<PureRules>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => r.ResultStatistics is null))
            throw new InvalidOperationException("BenchmarkDotNet did not measure every pure rule: " +
                string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        var names = new Dictionary<string, (string Metric, string Description)>
        {
            [nameof(PureRules.ExitEvaluation)] = ("pure_rules.exit_evaluation", "ns per evaluation of the ten exit conditions (ExitRules.Evaluate, nothing fires)"),
            [nameof(PureRules.TrailingStopUpdate)] = ("pure_rules.trailing_stop_update", "ns per trailing-stop update on a new peak (TrailingStop.OnMark)"),
            [nameof(PureRules.EdgeComputation)] = ("pure_rules.edge_computation", "ns per pricing of a market: both sides for two strategy versions (StrategyEvaluator.Judge)"),
            [nameof(PureRules.Mark)] = ("pure_rules.position_mark", "ns per whole mark of a position: trailing stop, then the ten conditions (PositionMarking.OnMark)"),
        };
        return summary.Reports.Select(r =>
        {
            var (metric, description) = names[r.BenchmarkCase.Descriptor.WorkloadMethod.Name];
            var s = r.ResultStatistics!;
            var series = new Series(metric, "ns", Math.Round(s.Median, 1), Math.Round(s.Min, 1), Math.Round(s.Max, 1), s.OriginalValues.Select(v => Math.Round(v, 1)).ToArray());
            return new MetricResult(metric, description, series, null, null, new Dictionary<string, object>
            {
                ["iterations"] = s.N, ["allocated_bytes_per_op"] = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1,
                ["tool"] = "BenchmarkDotNet 0.15.8, in-process", ["scale"] = o.Quick ? "quick: 1 warm-up, 3 iterations of 50 ms" : "full: 3 warm-ups, 10 iterations of 250 ms",
            });
        }).ToList();
    }
}

/// <summary>The pure rules under BenchmarkDotNet: inputs built once, the call measured.</summary>
[MemoryDiagnoser]
public class PureRules
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
    private readonly ExitSettings _exits = ExitSettings.Default;
    private readonly TradingSettings _settings = TradingSettings.Default;
    private readonly IFeeModel _fees = new KalshiFeeModel(TradingSettings.Default.Fees);
    private readonly IReadOnlyList<StrategyDefinition> _strategies = Rig.EngineRig.Strategies;
    private readonly GameEstimate _estimate = new(0.58, 0.50, 0.66);
    private ExitContext _context = null!;
    private PositionState _state = null!;
    private TrailingStopState _active = null!;
    private readonly Price[] _peaks = [new(0.70m), new(0.71m)];
    private readonly BookTop _book = new(new Price(0.61m), new Price(0.62m), 1000);
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _state = PositionState.Open(Side.Yes, new Price(0.60m), new Quantity(100), ConfidenceTier.High, TrailingStopSettings.Default);
        _context = new ExitContext(_state.View, _book.Bid, _book, _state.Trailing, 0.06m, 0.02m, TimeSpan.FromHours(2), false);
        _active = TrailingStop.OnMark(_state.Trailing, new Price(0.60m), new Price(0.68m), T0);
    }

    [Benchmark]
    public ExitEvaluation ExitEvaluation() => ExitRules.Evaluate(_context, _exits);

    /// <summary>Alternates two peaks so that every other call moves the stop (the other leaves it): both paths, as on a live feed.</summary>
    [Benchmark]
    public TrailingStopState TrailingStopUpdate() => TrailingStop.OnMark(_active, new Price(0.60m), _peaks[_i++ & 1], T0);

    [Benchmark]
    public IReadOnlyList<SideJudgement> EdgeComputation() =>
        StrategyEvaluator.Judge(_strategies, _estimate, yesIsHome: true, _book, new BookTop(new Price(0.38m), new Price(0.39m), 1000), TimeSpan.FromSeconds(1), 1000,
            _settings, _fees);

    [Benchmark]
    public MarkOutcome Mark() => PositionMarking.OnMark(_state, _book, T0, MarketInputs.Unknown, _exits);
}

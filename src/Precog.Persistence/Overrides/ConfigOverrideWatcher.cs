using Akka.Configuration;
using Precog.Configuration;
using Precog.Domain;

namespace Precog.Persistence.Overrides;

/// <summary>Trading settings with the overlay they were bound with.</summary>
public sealed record OverriddenSettings(TradingSettings Settings, ConfigOverlay Overlay);

/// <summary>What one refresh did: the settings now in force, whether they changed, and the error if it failed.</summary>
public sealed record OverrideRefresh(OverriddenSettings Current, bool Changed, ConfigOverrideException? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>
/// Keeps the trading settings equal to the HOCON configuration overlaid with the config_overrides rows in force.
/// <see cref="StartAsync"/> reads the rows once (and throws if they cannot be applied) and then polls every
/// interval on the injected clock; <see cref="RefreshAsync"/> re-reads on demand. <see cref="Changed"/> is raised
/// exactly when the effective overlay changes (a row added, deactivated, expired, or a new winner with a different
/// value); a refresh that fails (a bad row, the database down) keeps the last good settings and raises
/// <see cref="Failed"/>, every time it fails. Refreshes never run concurrently. Free of Akka's actors: the node hosts it.
/// </summary>
public sealed class ConfigOverrideWatcher : IAsyncDisposable
{
    private readonly ConfigOverrideReader _reader;
    private readonly Config _baseConfig;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private volatile OverriddenSettings _current;
    private Task? _loop;

    /// <param name="baseConfig">The composed HOCON (shipped defaults under any --config file); must bind on its own.</param>
    public ConfigOverrideWatcher(ConfigOverrideReader reader, Config baseConfig, TimeSpan pollInterval, TimeProvider time)
    {
        if (pollInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(pollInterval), pollInterval, "the poll interval must be longer than zero");
        _reader = reader;
        _baseConfig = baseConfig;
        _pollInterval = pollInterval;
        _time = time;
        _current = new OverriddenSettings(TradingSettingsBinder.Bind(baseConfig), ConfigOverlay.Empty);
    }

    /// <summary>Raised with the new settings whenever the effective overlay changes.</summary>
    public event Action<OverriddenSettings>? Changed;

    /// <summary>Raised whenever a refresh fails; the settings in force stay as they were.</summary>
    public event Action<ConfigOverrideException>? Failed;

    /// <summary>The settings in force: the base configuration's until rows are first applied.</summary>
    public OverriddenSettings Current => _current;

    /// <summary>
    /// Applies the rows in force once, then polls. A node must not start on overrides it cannot apply, so a
    /// failure here is thrown (not raised through <see cref="Failed"/>) and no polling starts.
    /// </summary>
    public async Task<OverriddenSettings> StartAsync(CancellationToken ct = default)
    {
        if (_loop is not null) throw new InvalidOperationException("the watcher is already started");
        var first = await RefreshCoreAsync(report: false, ct);
        if (first.Error is not null) throw first.Error;
        _loop = PollAsync(_stop.Token);
        return first.Current;
    }

    /// <summary>Re-reads the rows now; raises <see cref="Changed"/> or <see cref="Failed"/> as a poll would.</summary>
    public Task<OverrideRefresh> RefreshAsync(CancellationToken ct = default) => RefreshCoreAsync(report: true, ct);

    private async Task<OverrideRefresh> RefreshCoreAsync(bool report, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        OverrideRefresh outcome;
        try
        {
            outcome = await ApplyAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
        if (!report) return outcome;
        if (outcome.Error is not null) Failed?.Invoke(outcome.Error);
        else if (outcome.Changed) Changed?.Invoke(outcome.Current);
        return outcome;
    }

    private async Task<OverrideRefresh> ApplyAsync(CancellationToken ct)
    {
        var last = _current;
        try
        {
            var overlay = ConfigOverlay.From(await _reader.ReadActiveAsync(ct));
            if (overlay.Equals(last.Overlay)) return new OverrideRefresh(last, Changed: false, Error: null);
            _current = new OverriddenSettings(overlay.Bind(_baseConfig), overlay);
            return new OverrideRefresh(_current, Changed: true, Error: null);
        }
        catch (ConfigOverrideException e)
        {
            return new OverrideRefresh(last, Changed: false, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new OverrideRefresh(last, Changed: false,
                new ConfigOverrideException($"applying config_overrides from {_reader.Target} failed: {e.Message}", [], e));
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_pollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                await RefreshAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stops polling; an exception thrown by a <see cref="Changed"/> or <see cref="Failed"/> handler surfaces here.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_loop is not null) await _loop;
        }
        finally
        {
            _stop.Dispose();
            _gate.Dispose();
        }
    }
}

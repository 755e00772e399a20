using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Precog.Domain.Games;

namespace Precog.Exchanges.Espn;

/// <summary>
/// ESPN's scoreboard as a game feed: polls the scoreboard URL (every <see cref="EspnFeedSettings.LiveInterval"/>
/// while a game is live, every <see cref="EspnFeedSettings.IdleInterval"/> otherwise, waking for the next
/// kickoff) and yields a game's state only when it differs from the last one yielded. A failed poll (an error
/// status, a timeout, a scoreboard that is not one) is logged and retried with a doubling backoff; the feed
/// only ends when cancelled. Events the parser refuses are logged (once per distinct problem) and skipped.
/// All waits go through the <see cref="TimeProvider"/>.
/// </summary>
public sealed class EspnGameFeed(
    HttpClient http, Uri scoreboardUrl, EspnLeague league, EspnFeedSettings settings, TimeProvider time, ILogger<EspnGameFeed>? logger = null)
    : IGameFeed
{
    private readonly EspnFeedSettings _settings = settings.Validate();
    private readonly ILogger _log = logger ?? NullLogger<EspnGameFeed>.Instance;

    public async IAsyncEnumerable<GameStateChanged> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var last = new Dictionary<string, GameStateChanged>(StringComparer.Ordinal);
        await foreach (var board in ReadScoreboardsAsync(ct))
        {
            foreach (var game in board.Games)
            {
                if (last.TryGetValue(game.EventId, out var before) && before with { At = game.State.At } == game.State) continue;
                last[game.EventId] = game.State;
                yield return game.State;
            }
        }
    }

    /// <summary>
    /// Every scoreboard read, unchanged games included (with their kickoffs): for a reader that links markets to
    /// games, or that confirms a standing game's state is still current. Same pacing, backoff and logging as
    /// <see cref="ReadAsync"/>, which filters this to the changes.
    /// </summary>
    public async IAsyncEnumerable<EspnScoreboard> ReadScoreboardsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var failures = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var board = await PollAsync(ct);
            TimeSpan wait;
            if (board is null)
            {
                failures++;
                wait = Backoff(failures);
                _log.LogWarning("ESPN {League} poll failed {Failures} time(s) in a row; next try in {Wait}", league.Name, failures, wait);
            }
            else
            {
                if (failures > 0) _log.LogInformation("ESPN {League} scoreboard read again after {Failures} failed poll(s)", league.Name, failures);
                failures = 0;
                foreach (var error in board.Errors)
                {
                    if (reported.Add(error.ToString())) _log.LogError("ESPN {League} event skipped: {Error}", league.Name, error);
                }
                yield return board;
                wait = NextPoll(board); // after the reader is done with it, as the clock then stands
            }
            await Task.Delay(wait, time, ct);
        }
    }

    /// <summary>One poll: the scoreboard, or null when it failed (the failure is logged).</summary>
    private async Task<EspnScoreboard?> PollAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_settings.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await http.GetAsync(scoreboardUrl, HttpCompletionOption.ResponseContentRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                _log.LogWarning("ESPN {League} scoreboard answered {Status}", league.Name, (int)response.StatusCode);
                return null;
            }
            var json = await response.Content.ReadAsStringAsync(linked.Token);
            return EspnScoreboardParser.Parse(json, league, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _log.LogWarning("ESPN {League} scoreboard did not answer within {Timeout}", league.Name, _settings.RequestTimeout);
            return null;
        }
        catch (HttpRequestException e)
        {
            _log.LogWarning("ESPN {League} scoreboard unreachable: {Error}", league.Name, e.Message);
            return null;
        }
        catch (EspnScoreboardException e)
        {
            _log.LogWarning("ESPN {League} scoreboard unreadable: {Error}", league.Name, e.Message);
            return null;
        }
    }

    private TimeSpan NextPoll(EspnScoreboard board)
    {
        if (board.Games.Any(g => g.State.Status is GameStatus.Live or GameStatus.Halftime)) return _settings.LiveInterval;
        var now = time.GetUtcNow();
        var untilKickoff = board.Games
            .Where(g => g.State.Status is GameStatus.Scheduled or GameStatus.Pregame)
            .Select(g => g.Kickoff - now)
            .Where(t => t < _settings.IdleInterval)
            .DefaultIfEmpty(_settings.IdleInterval)
            .Min();
        // a game past its kickoff but not yet live is watched at the live pace
        return untilKickoff < _settings.LiveInterval ? _settings.LiveInterval : untilKickoff;
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(_settings.FirstBackoff.Ticks * factor, _settings.MaxBackoff.Ticks));
        return wait;
    }
}

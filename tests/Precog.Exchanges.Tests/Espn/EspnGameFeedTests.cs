using Microsoft.Extensions.Logging;
using Precog.Domain.Games;
using Precog.Exchanges.Espn;
using Precog.Exchanges.Tests.Support;
using Precog.Testing.FakeFeeds;

namespace Precog.Exchanges.Tests.Espn;

/// <summary>The feed against the fake ESPN server over real HTTP on 127.0.0.1, its waits on a fake clock.</summary>
public sealed class EspnGameFeedTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 12, 7, 18, 30, 0, TimeSpan.Zero);
    private static readonly EspnFeedSettings Settings = new(
        LiveInterval: TimeSpan.FromSeconds(10), IdleInterval: TimeSpan.FromMinutes(10), RequestTimeout: TimeSpan.FromSeconds(7),
        FirstBackoff: TimeSpan.FromSeconds(1), MaxBackoff: TimeSpan.FromSeconds(4));

    private static readonly ScriptedTeam Atl = new("1", "ATL"), Sea = new("26", "SEA"), Kc = new("12", "KC"), Hou = new("34", "HOU");
    private static readonly DateTimeOffset Early = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero), Night = new(2025, 12, 8, 1, 20, 0, TimeSpan.Zero);

    private readonly ObservedTime _time = new(Start);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ListLogger<EspnGameFeed> _log = new();
    private readonly CancellationTokenSource _cts = new();
    private FakeEspnServer _server = null!;
    private IAsyncEnumerator<GameStateChanged> _feed = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeEspnServer.StartAsync(_time);
        _feed = new EspnGameFeed(_http, _server.ScoreboardUrl, EspnLeague.Nfl, Settings, _time, _log).ReadAsync(_cts.Token).GetAsyncEnumerator();
    }

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            if (_moving is not null) await _moving;
        }
        catch (OperationCanceledException)
        {
        }
        await _feed.DisposeAsync();
        await _server.DisposeAsync();
        _http.Dispose();
        _cts.Dispose();
    }

    private static ScriptedGame SeaAtAtl(int atl, int sea, string clock) => ScriptedGame.Live("401772900", Early, Atl, Sea, atl, sea, 2, clock, Atl.Id, 1, 10);
    private static ScriptedGame HouAtKc => ScriptedGame.Scheduled("401772932", Night, Kc, Hou);

    private Task<bool>? _moving;

    /// <summary>Asks the feed for its next game (kept, so disposal can wait for it: an iterator is not disposed mid-move).</summary>
    private Task<bool> Move() => _moving = _feed.MoveNextAsync().AsTask();

    private static async Task Next(Task<bool> moving) => Assert.True(await moving.WaitAsync(TimeSpan.FromSeconds(10)), "the feed ended");

    private async Task<GameStateChanged> Next()
    {
        await Next(Move());
        return _feed.Current;
    }

    [Fact]
    public async Task Polls_every_ten_seconds_while_a_game_is_live_and_yields_only_the_games_that_changed()
    {
        var live = EspnScoreboardBuilder.Build(SeaAtAtl(3, 3, "5:49"), HouAtKc);
        _server.Script(EspnReply.Json(live), EspnReply.Json(live), EspnReply.Json(EspnScoreboardBuilder.Build(SeaAtAtl(3, 10, "5:12"), HouAtKc)));

        var first = await Next();
        var second = await Next();
        var pending = Move(); // the feed goes on (to its wait) only when asked for more
        await _time.TimerAsync(Settings.LiveInterval);
        Assert.Equal(("401772900", 3, 3, "05:49", Start), (first.ExternalGameId, first.HomeScore, first.AwayScore, first.Clock, first.At));
        Assert.Equal(("401772932", GameStatus.Scheduled), (second.ExternalGameId, second.Status));

        _time.Advance(Settings.LiveInterval);
        Assert.Equal(Start + Settings.LiveInterval, (await _server.WaitForRequestAsync(2)).At);
        await _time.TimerAsync(Settings.LiveInterval); // the same scoreboard again: parked without yielding
        Assert.False(pending.IsCompleted, "an unchanged scoreboard yielded a game");

        _time.Advance(Settings.LiveInterval);
        await Next(pending);
        var scored = _feed.Current;
        Assert.Equal(("401772900", 3, 10, "05:12", Start + 2 * Settings.LiveInterval), (scored.ExternalGameId, scored.HomeScore, scored.AwayScore, scored.Clock, scored.At));
        pending = Move();
        await _time.TimerAsync(Settings.LiveInterval);
        Assert.False(pending.IsCompleted, "only the game that scored changed");
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task With_no_game_live_it_polls_at_the_idle_pace_and_wakes_for_the_next_kickoff()
    {
        var soon = Start + Settings.IdleInterval + TimeSpan.FromMinutes(4);
        _server.Script(
            EspnReply.Json(EspnScoreboardBuilder.Build(ScriptedGame.Final("401772947", Early, Atl, Sea, 20, 17), HouAtKc)),
            EspnReply.Json(EspnScoreboardBuilder.Build(ScriptedGame.Final("401772947", Early, Atl, Sea, 20, 17), HouAtKc,
                ScriptedGame.Scheduled("401772950", soon, Sea, Kc))));

        Assert.Equal(GameStatus.Final, (await Next()).Status);
        await Next();
        var pending = Move();
        await _time.TimerAsync(Settings.IdleInterval);

        _time.Advance(Settings.IdleInterval);
        await Next(pending);
        Assert.Equal("401772950", _feed.Current.ExternalGameId);
        pending = Move();
        // the new game kicks off 4 minutes from now, before the idle pace would look again
        await _time.TimerAsync(TimeSpan.FromMinutes(4));
        _time.Advance(TimeSpan.FromMinutes(4));
        await _server.WaitForRequestAsync(3);
    }

    [Fact]
    public async Task Error_statuses_and_a_broken_body_are_survived_with_a_doubling_backoff_then_the_pace_resumes()
    {
        _server.Script(EspnReply.Status(500), EspnReply.Json("<html>oops</html>"), EspnReply.Status(503), EspnReply.Status(500),
            EspnReply.Json(EspnScoreboardBuilder.Build(SeaAtAtl(7, 3, "2:00"))));
        var pending = Move();

        foreach (var backoff in new[] { 1, 2, 4, 4 }.Select(s => TimeSpan.FromSeconds(s)))
        {
            await _time.TimerAsync(backoff);
            Assert.False(pending.IsCompleted);
            _time.Advance(backoff);
        }
        await Next(pending);

        Assert.Equal(7, _feed.Current.HomeScore);
        pending = Move();
        await _time.TimerAsync(Settings.LiveInterval); // the failures are forgotten: the live pace again
        var warnings = _log.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("answered 500", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("answered 503", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("unreadable", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("failed 4 time(s) in a row", StringComparison.Ordinal));
        Assert.Equal(5, _server.Requests.Count);
    }

    [Fact]
    public async Task A_scoreboard_that_does_not_answer_in_time_is_given_up_and_polled_again()
    {
        _server.Script(EspnReply.Hang(), EspnReply.Slow(TimeSpan.FromSeconds(3), EspnReply.Json(EspnScoreboardBuilder.Build(SeaAtAtl(0, 0, "15:00")))));
        var pending = Move();

        await _time.TimerAsync(Settings.RequestTimeout);
        await _server.WaitForRequestAsync(1);
        _time.Advance(Settings.RequestTimeout);
        await _time.TimerAsync(Settings.FirstBackoff);
        _time.Advance(Settings.FirstBackoff);
        await _time.TimerAsync(TimeSpan.FromSeconds(3)); // the second reply is slow, but within the timeout
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(3));
        await Next(pending);

        Assert.Equal("15:00", _feed.Current.Clock);
        Assert.Contains(_log.Entries, e => e.Message.Contains("did not answer within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_event_is_logged_once_and_the_other_games_still_flow()
    {
        var broken = EspnScoreboardBuilder.Build(SeaAtAtl(3, 3, "5:49") with { DisplayClock = "99:00" }, HouAtKc);
        _server.Serve(broken);

        Assert.Equal("401772932", (await Next()).ExternalGameId);
        var pending = Move();
        await _time.TimerAsync(Settings.IdleInterval);
        _time.Advance(Settings.IdleInterval);
        await _server.WaitForRequestAsync(2);
        await _time.TimerAsync(Settings.IdleInterval);

        Assert.False(pending.IsCompleted);
        var errors = _log.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        var error = Assert.Single(errors);
        Assert.Contains("ESPN event 401772900: competitions[0].status.displayClock", error.Message);
    }
}

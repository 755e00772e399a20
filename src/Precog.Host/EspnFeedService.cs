using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Precog.Actors.Games;
using Precog.Actors.Hosting;
using Precog.Exchanges.Espn;
using Serilog;
using Serilog.Extensions.Logging;

namespace Precog.Host;

/// <summary>
/// A Kalshi node's game feed: reads ESPN's scoreboard (<see cref="EspnGameFeed"/>, its own pacing and backoff) and
/// tells the game region every game of every board read. A game actor persists a change and publishes it to the
/// markets linked to it; a repeat only confirms the state is current (the markets' data_stale watch). Each board
/// also goes to the <see cref="EspnGameBook"/> the markets service links Kalshi markets by.
/// </summary>
public sealed class EspnFeedService(ActorRegistry registry, EspnNodeSettings espn, EspnGameBook book, TimeProvider time, NodeRecording recording) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!espn.Enabled)
        {
            Log.Warning("No game feed: {Espn}", espn.Describe());
            return;
        }
        var games = await registry.GetAsync<GameRegion>(stoppingToken);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // the feed's timeouts are its own, on its TimeProvider
        using var loggers = new SerilogLoggerFactory(Log.Logger);
        var feed = new EspnGameFeed(http, espn.ScoreboardUrl, EspnLeague.Nfl, espn.Feed, time, loggers.CreateLogger<EspnGameFeed>());
        Log.Information("Game feed: {Espn}", espn.Describe());
        var first = true;
        try
        {
            await foreach (var board in feed.ReadScoreboardsAsync(stoppingToken))
            {
                book.Update(board);
                foreach (var game in board.Games)
                {
                    recording.Tape?.Game(game.State);
                    games.Tell(new UpdateGame(game.State));
                }
                if (first) Log.Information("ESPN scoreboard read: {Games} game(s), {Refused} refused", board.Games.Count, board.Errors.Count);
                first = false;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

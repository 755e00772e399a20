using System.Collections.Concurrent;
using Precog.Domain.Models;

namespace Precog.Backtest.Replay;

/// <summary>
/// Each replayed game's own pre-game ratings, as its tape's game event carried them: the model's
/// <see cref="NflWinModel.PerGame"/> source. The tape driver fills it before the game actor hears of the game,
/// so the market prices it with the ratings FiveThirtyEight had for that very game.
/// </summary>
public sealed class GameRatingsTable
{
    private readonly ConcurrentDictionary<string, GameRatings> _games = new(StringComparer.Ordinal);

    public void Record(string gameId, GameRatings ratings) => _games[gameId] = ratings;

    public GameRatings? Find(string gameId) => _games.TryGetValue(gameId, out var r) ? r : null;
}

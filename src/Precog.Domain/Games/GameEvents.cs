namespace Precog.Domain.Games;

/// <summary>Where a game stands.</summary>
public enum GameStatus { Scheduled, Pregame, Live, Halftime, Final }

/// <summary>A game's state changed: score, period, clock, possession, situation.</summary>
public sealed record GameStateChanged(
    string League, string ExternalGameId, string HomeTeam, string AwayTeam, int HomeScore, int AwayScore,
    string Period, string Clock, string? Possession, int? Down, int? Distance, GameStatus Status, DateTimeOffset At) : IPrecogEvent;

using Precog.Domain.Games;

namespace Precog.Exchanges.Espn;

/// <summary>One game of an ESPN scoreboard: its state in Precog's terms and its kickoff (for linking markets to it).</summary>
public sealed record EspnGame(GameStateChanged State, DateTimeOffset Kickoff)
{
    public string EventId => State.ExternalGameId;
}

/// <summary>An event of the scoreboard that could not be read; the rest of the scoreboard was.</summary>
public sealed record EspnEventError(string? EventId, string Field, string Problem)
{
    public override string ToString() => $"ESPN event {EventId ?? "(no id)"}: {Field} {Problem}";
}

/// <summary>What a scoreboard said: the games read and the events refused, each with the field at fault.</summary>
public sealed record EspnScoreboard(IReadOnlyList<EspnGame> Games, IReadOnlyList<EspnEventError> Errors);

/// <summary>A field of one event that is missing, malformed or out of range: names the event id and the field.</summary>
public sealed class EspnFieldException(string? eventId, string field, string problem)
    : FormatException($"ESPN event {eventId ?? "(no id)"}: {field} {problem}")
{
    public string? EventId { get; } = eventId;
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}

/// <summary>A scoreboard that cannot be read at all (not JSON, or no events array).</summary>
public sealed class EspnScoreboardException(string message, Exception? inner = null) : FormatException(message, inner);

/// <summary>A league's clock: how long a period lasts, so a clock beyond it is refused.</summary>
public sealed record EspnLeague(string Name, TimeSpan PeriodLength, bool IsNfl)
{
    public static readonly EspnLeague Nfl = new("nfl", TimeSpan.FromMinutes(15), IsNfl: true);
    public static readonly EspnLeague CollegeFootball = new("ncaaf", TimeSpan.FromMinutes(15), IsNfl: false);
    public static readonly EspnLeague Nba = new("nba", TimeSpan.FromMinutes(12), IsNfl: false);
}

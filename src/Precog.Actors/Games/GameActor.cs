using Akka.Actor;
using Akka.Persistence;
using Precog.Domain.Games;

namespace Precog.Actors.Games;

/// <summary>A game's new state from a feed (the sharding key: league + external game id).</summary>
public sealed record UpdateGame(GameStateChanged State);

public sealed record GetGame(string League, string ExternalGameId);

/// <summary>
/// The feed repeated a game's state unchanged: nothing is persisted, but the markets learn the state is still
/// current (a live game's clock can stand still for minutes; its state is not stale for that).
/// </summary>
public sealed record GameStateConfirmed(string League, string ExternalGameId, DateTimeOffset At);

/// <summary>
/// One game (persistence id <c>game-LEAGUE-ID</c>): persists each change of its state (a feed repeating the
/// same state writes nothing) and publishes it on the game's topic to the markets linked to it; a repeat is
/// published as a <see cref="GameStateConfirmed"/>, for the markets' data_stale watch.
/// </summary>
public sealed class GameActor : ReceivePersistentActor
{
    private readonly Action<IActorContext, string, object>? _publish;
    private GameStateChanged? _state;

    public GameActor(string league, string externalGameId, Action<IActorContext, string, object>? publish)
    {
        _publish = publish;
        PersistenceId = $"game-{league}-{externalGameId}";
        Recover<GameStateChanged>(s => _state = s);
        Command<Time.HandOffStop>(_ => Context.Stop(Self)); // after its pending write, as every sharded entity
        Command<UpdateGame>(u =>
        {
            if (u.State.League != league || u.State.ExternalGameId != externalGameId)
            {
                Sender.Tell(new Status.Failure(new ArgumentException($"game {league}/{externalGameId} was sent the state of {u.State.League}/{u.State.ExternalGameId}")));
                return;
            }
            if (_state is { } s && SameState(s, u.State))
            {
                _publish?.Invoke(Context, Topics.Game(league, externalGameId), new GameStateConfirmed(league, externalGameId, u.State.At));
                return;
            }
            Persist(u.State, persisted =>
            {
                _state = persisted;
                _publish?.Invoke(Context, Topics.Game(league, externalGameId), persisted);
            });
        });
        Command<GetGame>(_ => Sender.Tell(_state is null ? new Status.Failure(new KeyNotFoundException($"game {league}/{externalGameId} has no state yet")) : _state));
    }

    public override string PersistenceId { get; }

    public static Props Props(string league, string externalGameId, Action<IActorContext, string, object>? publish = null) =>
        Akka.Actor.Props.Create(() => new GameActor(league, externalGameId, publish));

    private static bool SameState(GameStateChanged a, GameStateChanged b) => a with { At = b.At } == b;
}

namespace Precog.Domain;

/// <summary>
/// Marks every message Precog persists or sends between nodes: Akka binds these to Precog's own
/// serializer (stable manifests, no CLR names), never the default one.
/// </summary>
public interface IPrecogMessage;

/// <summary>A persisted event: something that happened, with the time it happened.</summary>
public interface IPrecogEvent : IPrecogMessage
{
    DateTimeOffset At { get; }
}

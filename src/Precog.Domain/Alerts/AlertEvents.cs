namespace Precog.Domain.Alerts;

public sealed record AlertRaised(Alert Alert) : IPrecogEvent
{
    public DateTimeOffset At => Alert.RaisedAt;
}

public sealed record AlertAcknowledged(Guid AlertId, string By, DateTimeOffset At) : IPrecogEvent;

public sealed record AlertResolved(Guid AlertId, ResolutionAction Action, string By, DateTimeOffset At) : IPrecogEvent;

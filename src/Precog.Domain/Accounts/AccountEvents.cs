using Precog.Domain.Values;

namespace Precog.Domain.Accounts;

/// <summary>An exchange account's balance as the venue reports it.</summary>
public sealed record BalanceChanged(string Platform, Money Balance, DateTimeOffset At) : IPrecogEvent;

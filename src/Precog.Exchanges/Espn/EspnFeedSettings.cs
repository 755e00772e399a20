namespace Precog.Exchanges.Espn;

/// <summary>
/// How the ESPN feed polls (PROTOCOLS.md §5.3: ESPN caches for 2 s; a play every ~40 s).
/// </summary>
/// <param name="LiveInterval">Between polls while any game is live or at half time (10 s).</param>
/// <param name="IdleInterval">Between polls while no game is live (10 min); shortened to wake at the next kickoff.</param>
/// <param name="RequestTimeout">A poll that has not answered by then is given up and counts as a failure (10 s).</param>
/// <param name="FirstBackoff">The wait after a first failed poll, doubled per failure in a row (2 s).</param>
/// <param name="MaxBackoff">The longest wait after failures (2 min).</param>
public sealed record EspnFeedSettings(
    TimeSpan LiveInterval, TimeSpan IdleInterval, TimeSpan RequestTimeout, TimeSpan FirstBackoff, TimeSpan MaxBackoff)
{
    public static readonly EspnFeedSettings Default = new(
        TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));

    public EspnFeedSettings Validate()
    {
        foreach (var (name, value) in new[] { (nameof(LiveInterval), LiveInterval), (nameof(IdleInterval), IdleInterval), (nameof(RequestTimeout), RequestTimeout), (nameof(FirstBackoff), FirstBackoff), (nameof(MaxBackoff), MaxBackoff) })
        {
            if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, $"ESPN feed {name} must be positive");
        }
        if (IdleInterval < LiveInterval) throw new ArgumentOutOfRangeException(nameof(IdleInterval), IdleInterval, "ESPN feed IdleInterval must not be shorter than LiveInterval");
        if (MaxBackoff < FirstBackoff) throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "ESPN feed MaxBackoff must not be shorter than FirstBackoff");
        return this;
    }
}

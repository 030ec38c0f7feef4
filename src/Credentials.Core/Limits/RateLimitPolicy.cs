namespace Credentials.Core.Limits;

/// <summary>A token bucket's shape: <paramref name="Burst"/> calls at once, refilled at <paramref name="PerSecond"/> calls a second.</summary>
/// <param name="PerSecond">Sustained calls per second (fractions allowed: 0.5 is one call every 2 s).</param>
/// <param name="Burst">Calls allowed at once, and the most a quiet bucket holds.</param>
/// <param name="MaxWait">How long <see cref="ClockTokenBucket"/> lets a waiting caller queue for its turn; zero refuses at once.</param>
public readonly record struct RateLimitPolicy(double PerSecond, int Burst, TimeSpan MaxWait = default)
{
    /// <summary>A policy that allows <paramref name="count"/> calls per <paramref name="window"/>, all of them at once at most.</summary>
    public static RateLimitPolicy PerWindow(int count, TimeSpan window) => new(count / window.TotalSeconds, count);

    /// <summary>How long until <paramref name="missing"/> calls' worth of tokens has been refilled.</summary>
    public TimeSpan TimeToRefill(double missing) => TimeSpan.FromSeconds(Math.Max(0, missing) / PerSecond);
}

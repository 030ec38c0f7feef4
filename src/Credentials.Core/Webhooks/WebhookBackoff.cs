namespace Credentials.Core.Webhooks;

/// <summary>Delays between failed deliveries: 30 s doubling per failure, capped at 1 h, with jitter that only shortens.</summary>
public static class WebhookBackoff
{
    /// <summary>The nominal delay after the first failure.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(30);

    /// <summary>No delay is longer.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    /// <summary>The shortest delay as a fraction of the nominal one: the jitter spreads retries over [75 %, 100 %).</summary>
    public const double MinFactor = 0.75;

    /// <summary>The nominal delay after <paramref name="failures"/> failed attempts (1 = the first failure).</summary>
    public static TimeSpan Nominal(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        // 30 s * 2^7 is past the cap already; stopping there keeps the shift from overflowing.
        var doublings = Math.Min(failures - 1, 7);
        var delay = First * (1L << doublings);
        return delay < Cap ? delay : Cap;
    }

    /// <summary>
    /// The delay after <paramref name="failures"/> failed attempts, with <paramref name="jitter"/> a uniform sample in [0, 1):
    /// between 75 % and 100 % of <see cref="Nominal"/>, so it never exceeds the cap and still grows with every failure below it.
    /// </summary>
    public static TimeSpan Delay(int failures, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1.0);
        return Nominal(failures) * (MinFactor + ((1 - MinFactor) * jitter));
    }
}

using Azure;

namespace Credentials.Core.Refresh;

/// <summary>
/// Which storage refusals are worth retrying after a provider answered (throttling, 5xx, timeouts) and how long to wait: the
/// store's <c>Retry-After</c> when it names one, else an exponential backoff up to 30 s.
/// </summary>
public static class StorageRetry
{
    /// <summary>How long a refresh keeps retrying the write of tokens it already received while the store refuses (throttling, outage).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>True for a refusal that may pass: 408, 429, 5xx, or no response at all.</summary>
    public static bool IsTransient(RequestFailedException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Status is 0 or 408 or 429 or >= 500;
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public static TimeSpan Wait(RequestFailedException e, int attempt)
    {
        ArgumentNullException.ThrowIfNull(e);
        return RetryAfter(e) ?? TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(attempt, 5)));
    }

    private static TimeSpan? RetryAfter(RequestFailedException e)
        => e.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value)
            && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60))
            : null;
}

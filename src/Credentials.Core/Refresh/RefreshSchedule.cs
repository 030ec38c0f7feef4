using System.Globalization;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;

namespace Credentials.Core.Refresh;

/// <summary>The timing rules of refresh: when a token is next due, the backoff after failures, the day count that kills a credential.</summary>
public static class RefreshSchedule
{
    /// <summary>Refreshes failing on this many distinct days make the credential invalid (<c>refresh_exhausted</c>).</summary>
    public const int DeadAfterFailureDays = 4;

    /// <summary>
    /// The next refresh of a token issued at <paramref name="now"/>: a window before expiry; for tokens without expiry, the
    /// connector's interval or never.
    /// </summary>
    public static DateTimeOffset? NextRefreshAt(OAuth2Settings settings, DateTimeOffset? expiresAt, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (expiresAt is { } expiry)
        {
            var due = expiry - EffectiveWindow(window, now, expiry);
            return due > now ? due : now;
        }

        return settings.NoExpiryRefreshInterval is { } interval ? now + System.Xml.XmlConvert.ToTimeSpan(interval) : null;
    }

    /// <summary>
    /// The refresh window for one token: the configured window, but at most half the token's lifetime, so a token that lives
    /// less than the window (60 s) is not due the moment it is issued (which would refresh it on every use).
    /// </summary>
    public static TimeSpan EffectiveWindow(TimeSpan window, DateTimeOffset? issuedAt, DateTimeOffset expiresAt)
    {
        if (issuedAt is not { } issued || expiresAt <= issued)
        {
            return window;
        }

        var half = (expiresAt - issued) / 2;
        return half < window ? half : window;
    }

    /// <summary>Exponential backoff with ±20% jitter: 1, 2, 4 … minutes, capped at an hour; never earlier than the provider's Retry-After.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan? retryAfter, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var minutes = Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1)));
        var jittered = TimeSpan.FromMinutes(minutes * (0.8 + (0.4 * random.NextDouble())));
        return retryAfter is { } wait && wait > jittered ? wait : jittered;
    }

    /// <summary>The failure state after one more failure on <paramref name="now"/>.</summary>
    public static RefreshError NextError(RefreshError? previous, string code, string message, DateTimeOffset now)
    {
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = (previous?.FailureDays ?? []).Append(day).Distinct(StringComparer.Ordinal).ToList();
        return new RefreshError(code, message, previous?.Since ?? now, (previous?.Attempts ?? 0) + 1, now, days);
    }

    /// <summary>True when failures on enough distinct days mean the grant will not come back.</summary>
    public static bool IsExhausted(RefreshError error) => error is not null && error.FailureDays.Count >= DeadAfterFailureDays;
}

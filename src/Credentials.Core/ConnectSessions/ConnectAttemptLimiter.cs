using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Credentials.Core.ConnectSessions;

/// <summary>
/// At most <see cref="PermitsPerWindow"/> creation attempts per session and minute (per instance): a stolen or phished link cannot
/// be used to try keys against a provider at speed. Each session has a fixed-window limiter whose windows follow the injected
/// <see cref="TimeProvider"/>: a window that has ended on that clock gets a fresh limiter (the limiter's own replenishment
/// reads the machine's clock), so tests move time instead of sleeping.
/// </summary>
public sealed class ConnectAttemptLimiter(TimeProvider clock) : IDisposable
{
    /// <summary>Attempts allowed per window.</summary>
    public const int PermitsPerWindow = 10;

    /// <summary>The window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Above this many tracked sessions, windows that have ended are dropped (their limiter is back to full anyway).
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, SessionWindow> windows = new(StringComparer.Ordinal);

    /// <summary>Takes one attempt for <paramref name="sessionId"/>: null when allowed, else how long until the next window.</summary>
    public TimeSpan? TryAcquire(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var now = clock.GetUtcNow();
        if (windows.Count > PruneAbove)
        {
            Prune(now);
        }

        var window = windows.GetOrAdd(sessionId, _ => new SessionWindow(now));
        lock (window)
        {
            if (now - window.Start >= Window)
            {
                window.Limiter.Dispose();
                window.Limiter = SessionWindow.NewLimiter();
                window.Start = now;
            }

            using var lease = window.Limiter.AttemptAcquire();
            return lease.IsAcquired ? null : window.Start + Window - now;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var window in windows.Values)
        {
            window.Limiter.Dispose();
        }

        windows.Clear();
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (sessionId, window) in windows)
        {
            // Not disposed: a concurrent attempt may still hold it, and without auto-replenishment it owns no timer.
            if (now - window.Start >= Window)
            {
                windows.TryRemove(new KeyValuePair<string, SessionWindow>(sessionId, window));
            }
        }
    }

    private sealed class SessionWindow(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public FixedWindowRateLimiter Limiter { get; set; } = NewLimiter();

        // No queue and no timer: an attempt over the limit is refused at once, and only a new window refills.
        public static FixedWindowRateLimiter NewLimiter() => new(new FixedWindowRateLimiterOptions
        {
            PermitLimit = PermitsPerWindow,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
    }
}

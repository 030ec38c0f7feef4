namespace Credentials.Core.Idempotency;

/// <summary>What the service remembers about one tenant's idempotency key: the request it was used with, and its answer once there is one.</summary>
public sealed record IdempotencyRecord(
    string TenantId,
    string KeyHash,
    string Fingerprint,
    IdempotencyState State,
    DateTimeOffset CreatedAt,
    StoredResponse? Response)
{
    /// <summary>How long a key is kept; from then on it is as if it was never used.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromHours(24);

    /// <summary>When the record stops counting.</summary>
    public DateTimeOffset ExpiresAt => CreatedAt + Lifetime;

    /// <summary>True once <see cref="ExpiresAt"/> has passed at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}

namespace Credentials.Core.Idempotency;

/// <summary>An answer kept for replay: status, Location and the exact JSON bytes sent the first time.</summary>
public sealed record StoredResponse(int StatusCode, string? Location, ReadOnlyMemory<byte> Body)
{
    /// <summary>True for 2xx: only a success created something a retry must not create again, so only a success is stored.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

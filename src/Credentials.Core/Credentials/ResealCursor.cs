namespace Credentials.Core.Credentials;

/// <summary>Where the re-sealing pass stands: the continuation of its current pass, or when the next pass starts.</summary>
/// <param name="ContinuationToken">The next page of credential rows; null at the start of a pass.</param>
/// <param name="NextPassAt">When a new pass may start (set when one finishes); null while a pass runs.</param>
/// <param name="ETag">The cursor row's ETag, for the If-Match that keeps two instances from moving it back; null when absent.</param>
public sealed record ResealCursor(string? ContinuationToken, DateTimeOffset? NextPassAt, Azure.ETag? ETag);

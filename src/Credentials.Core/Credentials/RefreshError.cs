namespace Credentials.Core.Credentials;

/// <summary>The state of failing refreshes: what failed, since when, how often, and on which days (4 distinct days make it dead).</summary>
public sealed record RefreshError(string Code, string Message, DateTimeOffset Since, int Attempts, DateTimeOffset LastAttemptAt, IReadOnlyList<string> FailureDays);

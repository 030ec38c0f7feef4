namespace Credentials.Core.Idempotency;

/// <summary>The answer of an idempotent request, and whether it is the stored answer of an earlier one.</summary>
public sealed record IdempotentOutcome(StoredResponse Response, bool Replayed);

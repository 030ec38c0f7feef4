namespace Credentials.Core.Contracts;

/// <summary>One dependency's readiness check.</summary>
/// <param name="Name"><c>tables</c> or <c>secrets</c>.</param>
/// <param name="Status"><c>ok</c>, <c>failed</c> (it answered with an error) or <c>timeout</c> (no answer within the time box).</param>
/// <param name="DurationMs">How long the check took, in milliseconds.</param>
public sealed record DependencyCheckView(string Name, string Status, long DurationMs);

namespace Credentials.Core.Contracts;

/// <summary>The readiness probe's answer: <c>ready</c> with each dependency's check (a 503 problem carries the same checks).</summary>
public sealed record ReadinessView(string Status, IReadOnlyList<DependencyCheckView> Checks);

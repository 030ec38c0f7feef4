namespace Credentials.Core.Contracts;

/// <summary>The liveness probe's answer.</summary>
public sealed record HealthView(string Status);

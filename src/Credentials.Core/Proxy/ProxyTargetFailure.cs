namespace Credentials.Core.Proxy;

/// <summary>A refusal with its reason and a message safe to show the caller.</summary>
public sealed record ProxyTargetFailure(ProxyTargetFailureReason Reason, string Message);

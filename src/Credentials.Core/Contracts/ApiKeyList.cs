namespace Credentials.Core.Contracts;

/// <summary>A tenant's API keys.</summary>
public sealed record ApiKeyList(IReadOnlyList<ApiKeyView> ApiKeys);

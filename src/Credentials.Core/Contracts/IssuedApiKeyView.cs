namespace Credentials.Core.Contracts;

/// <summary>A newly issued tenant API key, shown this once.</summary>
public sealed record IssuedApiKeyView(string KeyId, string ApiKey, string? Name, DateTimeOffset CreatedAt);

namespace Credentials.Core.Tenancy;

/// <summary>A newly issued key, shown once.</summary>
public sealed record IssuedApiKey(string KeyId, string ApiKey, string? Name, DateTimeOffset CreatedAt);

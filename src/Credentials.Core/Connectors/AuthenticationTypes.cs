namespace Credentials.Core.Connectors;

/// <summary>The authentication type names used in connector files and the API.</summary>
public static class AuthenticationTypes
{
    /// <summary>OAuth 2.0 authorization code.</summary>
    public const string OAuth2 = "oauth2";

    /// <summary>An API key or token.</summary>
    public const string ApiKey = "apiKey";

    /// <summary>Username and password.</summary>
    public const string Basic = "basic";

    /// <summary>A connector-specific scheme (NetSuite token-based auth).</summary>
    public const string Custom = "custom";

    /// <summary>All of them.</summary>
    public static IReadOnlyList<string> All { get; } = [OAuth2, ApiKey, Basic, Custom];
}

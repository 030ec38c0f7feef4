using System.Text.Json.Nodes;

namespace Credentials.Core.Connectors;

/// <summary>How the provider's API is reached with a credential applied.</summary>
public sealed record ConnectorApi
{
    /// <summary>Base URL template.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Host patterns the proxy may reach.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Extra headers on every API call.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How each authentication type is applied; kept as JSON until the proxy reads it.</summary>
    public IReadOnlyDictionary<string, JsonObject> Auth { get; init; } = new Dictionary<string, JsonObject>();

    /// <summary>The User-Agent sent to this provider instead of the service's own product User-Agent, or null.</summary>
    public string? UserAgent { get; init; }

    /// <summary>A cheap authenticated request proving a secret works.</summary>
    public ConnectorVerification? Verification { get; init; }
}

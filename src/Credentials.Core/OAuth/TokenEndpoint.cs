using Credentials.Core.Connectors;

namespace Credentials.Core.OAuth;

/// <summary>A connector's token endpoint for one credential: its expanded URL, the extra <c>tokenRequestParams</c> and the connector's User-Agent.</summary>
/// <param name="Url">The token URL, templates expanded.</param>
/// <param name="Parameters">Extra parameters sent on both the code and the refresh request, templates expanded.</param>
/// <param name="UserAgent">The connector's <c>api.userAgent</c>, or null for the service's own.</param>
public sealed record TokenEndpoint(string Url, IReadOnlyDictionary<string, string> Parameters, string? UserAgent = null)
{
    /// <summary>An endpoint with no extra parameters.</summary>
    public TokenEndpoint(string url)
        : this(url, new Dictionary<string, string>())
    {
    }

    /// <summary>The token endpoint of <paramref name="connector"/> expanded with <paramref name="values"/> (fields and metadata); throws <see cref="TemplateValueMissingException"/>.</summary>
    public static TokenEndpoint For(ConnectorDefinition connector, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(values);
        var settings = connector.OAuth2 ?? throw new InvalidOperationException($"Connector '{connector.Id}' has no oauth2 block.");
        return new TokenEndpoint(
            UrlTemplate.Expand(settings.TokenUrl, values),
            settings.TokenRequestParams.ToDictionary(p => p.Key, p => UrlTemplate.Expand(p.Value, values), StringComparer.Ordinal),
            connector.Api?.UserAgent);
    }
}

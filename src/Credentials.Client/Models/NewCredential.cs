namespace Credentials.Client.Models;

/// <summary>
/// The body of <c>POST /credentials</c>. <see cref="Data"/> follows the connector's input schema
/// (<c>GetConnectorMetadataAsync</c>); <see cref="RedirectUri"/> starts an OAuth flow.
/// </summary>
public sealed record NewCredential(string UserId, string ConnectorId, string AuthenticationType)
{
    /// <summary>A display name.</summary>
    public string? Name { get; init; }

    /// <summary>The connector's fields (secret ones go to the secret store only).</summary>
    public IReadOnlyDictionary<string, object?>? Data { get; init; }

    /// <summary>oauth2: where the end user returns (one of the tenant's allowed redirect URIs).</summary>
    public Uri? RedirectUri { get; init; }

    /// <summary>oauth2: scopes added to the connector's (or the OAuth app's) defaults.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }
}

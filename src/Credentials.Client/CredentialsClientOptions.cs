namespace Credentials.Client;

/// <summary>Where the service is and which tenant key to present.</summary>
public sealed class CredentialsClientOptions
{
    /// <summary>The API root, route prefix included, e.g. <c>http://127.0.0.1:7071/api/</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The tenant's API key (<c>cred_live_...</c>), sent as a bearer token.</summary>
    public string? ApiKey { get; set; }
}

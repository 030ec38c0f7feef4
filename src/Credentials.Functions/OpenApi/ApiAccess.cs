namespace Credentials.Functions.OpenApi;

/// <summary>Who may call an operation: the bearer scheme it names in the OpenAPI document.</summary>
public enum ApiAccess
{
    /// <summary>No key (health, the OAuth callback, the OpenAPI document).</summary>
    Anonymous,

    /// <summary>A tenant's API key.</summary>
    Tenant,

    /// <summary>The platform admin key.</summary>
    PlatformAdmin,

    /// <summary>A connect session's token in the <c>Connect-Token</c> header (the hosted page's own calls).</summary>
    ConnectSession,
}

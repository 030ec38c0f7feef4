namespace Credentials.Core.OAuth;

/// <summary>An OAuth app (client id and secret) a tenant, or the deployment, uses for one connector; credentials remember which version issued them.</summary>
public sealed record AuthConfig(string AuthConfigId, int Version, string ConnectorId, string ClientId, string ClientSecret, IReadOnlyList<string>? Scopes)
{
    /// <summary>The id of the deployment-wide configuration (<c>Credentials__Connectors__{id}__ClientId</c>).</summary>
    public const string DeploymentId = "deployment";
}

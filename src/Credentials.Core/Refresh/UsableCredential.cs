using Credentials.Core.Connectors;
using Credentials.Core.Credentials;

namespace Credentials.Core.Refresh;

/// <summary>A credential ready to be applied to a provider request: its connector and every value templates may name.</summary>
/// <param name="Credential">The stored credential (status active).</param>
/// <param name="Connector">Its connector.</param>
/// <param name="Values">Connector fields (secret and not), metadata, and <c>accessToken</c> for oauth2.</param>
public sealed record UsableCredential(Credential Credential, ConnectorDefinition Connector, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The OAuth tokens, for oauth2 credentials.</summary>
    public Secrets.OAuthTokens? Tokens { get; init; }
}

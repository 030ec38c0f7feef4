using Credentials.Core.Connectors;
using Credentials.Core.Network;

namespace Credentials.TestSupport.Conformance;

/// <summary>
/// What the fake provider knows about the one connection under test: the connector file it follows, the client and values it expects,
/// the tokens it issued, the failures to answer with, and every rule the service broke (<see cref="Violations"/>).
/// </summary>
public sealed class ProviderScenario
{
    private readonly Lock gate = new();
    private readonly List<string> violations = [];
    private int issued;

    internal ProviderScenario(ConnectorDefinition connector, string authenticationType, IReadOnlyDictionary<string, string> fields, string callbackUrl)
    {
        Connector = connector;
        AuthenticationType = authenticationType;
        CallbackUrl = callbackUrl;
        foreach (var (name, value) in fields)
        {
            Values[name] = value;
        }
    }

    /// <summary>The connector file.</summary>
    public ConnectorDefinition Connector { get; }

    /// <summary>The authentication type of the credential.</summary>
    public string AuthenticationType { get; }

    /// <summary>The redirect URI the service must send.</summary>
    public string CallbackUrl { get; }

    /// <summary>The OAuth client the tenant configured.</summary>
    public string ClientId { get; } = $"client-{Guid.NewGuid():N}";

    /// <summary>Its secret (with characters that need form encoding).</summary>
    public string ClientSecret { get; } = $"secret:{Guid.NewGuid():N}&=";

    /// <summary>Template values as the service should know them: fields, then metadata as the provider hands it out.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Metadata values the credential must end up with.</summary>
    public Dictionary<string, string> ExpectedMetadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The User-Agent every request must carry.</summary>
    public string ExpectedUserAgent => Connector.Api?.UserAgent ?? ProviderUserAgentHandler.ProductValue;

    /// <summary>The access token issued last.</summary>
    public string? AccessToken { get; internal set; }

    /// <summary>The refresh token issued last.</summary>
    public string? RefreshToken { get; internal set; }

    /// <summary>Refresh tokens the provider still accepts.</summary>
    internal HashSet<string> LiveRefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Authorization codes not yet redeemed, with the PKCE challenge they were issued for.</summary>
    internal Dictionary<string, string?> Codes { get; } = new(StringComparer.Ordinal);

    /// <summary>The dead-grant error code the next refresh answers with, or null.</summary>
    public string? NextRefreshError { get; set; }

    /// <summary>API calls answer 503 (the provider is down).</summary>
    public bool ApiDown { get; set; }

    /// <summary>Code exchanges seen.</summary>
    public int CodeExchanges { get; internal set; }

    /// <summary>Refresh requests seen (successful or not).</summary>
    public int Refreshes { get; internal set; }

    /// <summary>API calls seen whose credential the provider accepted.</summary>
    public int AcceptedApiCalls { get; internal set; }

    /// <summary>Post-connect requests answered.</summary>
    public int PostConnectCalls { get; internal set; }

    /// <summary>Tokens revoked, in order.</summary>
    public List<string> Revoked { get; } = [];

    /// <summary>Why the provider last refused a request (for failure messages), or null.</summary>
    public string? LastRefusal { get; internal set; }

    /// <summary>Every rule of the connector file the service broke.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return [.. violations];
            }
        }
    }

    /// <summary>The template values plus the tokens and client id (revocation and post-connect templates may use them).</summary>
    public Dictionary<string, string> TemplateValues()
    {
        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal) { ["clientId"] = ClientId };
        if (AccessToken is not null)
        {
            values["accessToken"] = AccessToken;
        }

        if (RefreshToken is not null)
        {
            values["refreshToken"] = RefreshToken;
        }

        return values;
    }

    /// <summary>Records a broken rule.</summary>
    public void Violation(string message)
    {
        lock (gate)
        {
            violations.Add(message);
        }
    }

    /// <summary>A new token value.</summary>
    internal string NewToken(string kind) => $"{kind}-{Connector.Id}-{Interlocked.Increment(ref issued)}-{Guid.NewGuid():N}";
}

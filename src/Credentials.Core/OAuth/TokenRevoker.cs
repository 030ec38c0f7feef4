using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Json;
using Credentials.Core.Network;
using Credentials.Core.Secrets;
using Credentials.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.OAuth;

/// <summary>
/// Revokes an oauth2 credential's grant at the provider as its connector's <c>oauth2.revocation</c> says: <c>rfc7009</c> (a form
/// POST of <c>token</c> and <c>token_type_hint</c> with client authentication, RFC 7009 section 2.1) or <c>request</c> (a provider's
/// own shape: HubSpot's DELETE, Slack's <c>auth.revoke</c>, GitHub's JSON DELETE). The refresh token is revoked when the connector
/// names it and the credential has one, otherwise the access token. Best effort: every failure is an outcome, never an exception.
/// </summary>
public partial class TokenRevoker(
    ConnectorCatalog catalog,
    AuthConfigService authConfigs,
    IHttpClientFactory httpClientFactory,
    IOptions<CredentialsOptions> options,
    ILogger<TokenRevoker> logger)
{
    /// <summary>The named HTTP client (guarded handler, no redirects, no retries, short timeout: a delete waits for it).</summary>
    public const string HttpClientName = "oauth-revocation";

    /// <summary>Revokes <paramref name="tokens"/> of <paramref name="credential"/>.</summary>
    public virtual async Task<RevocationOutcome> RevokeAsync(Credential credential, OAuthTokens? tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (Settings(credential) is not { } revocation)
        {
            return RevocationOutcome.NotSupported;
        }

        if (tokens is null)
        {
            LogFailed(logger, credential.CredentialId, credential.ConnectorId, "the credential has no tokens");
            return RevocationOutcome.Failed;
        }

        try
        {
            var client = credential.AuthConfigId is { } configId
                ? await authConfigs.ResolveAsync(credential.TenantId, credential.ConnectorId, configId, credential.AuthConfigVersion ?? 0, cancellationToken)
                : await authConfigs.ResolveForNewFlowAsync(credential.TenantId, credential.ConnectorId, cancellationToken);
            using var request = Text(revocation, "type") switch
            {
                "rfc7009" => Rfc7009Request(revocation, credential, tokens, client),
                "request" => ProviderRequest(revocation, credential, tokens, client),
                var other => throw new InvalidOperationException($"Unknown revocation type '{other}'."),
            };

            ProviderUserAgentHandler.UseConnectorValue(request, catalog.Find(credential.ConnectorId)?.Api?.UserAgent);
            var http = httpClientFactory.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, credential.CredentialId, credential.ConnectorId, $"the provider answered HTTP {(int)response.StatusCode}");
                return RevocationOutcome.Failed;
            }

            if (await RefusedIn200Async(response, cancellationToken))
            {
                LogFailed(logger, credential.CredentialId, credential.ConnectorId, "the provider answered ok: false");
                return RevocationOutcome.Failed;
            }

            LogRevoked(logger, credential.CredentialId, credential.ConnectorId);
            return RevocationOutcome.Revoked;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TemplateValueMissingException or InvalidOperationException or Azure.RequestFailedException)
        {
            // The message names hosts and template names, never token values.
            LogFailed(logger, credential.CredentialId, credential.ConnectorId, e.GetType().Name + ": " + e.Message);
            return RevocationOutcome.Failed;
        }
    }

    private JsonObject? Settings(Credential credential)
        => credential.AuthenticationType == AuthenticationTypes.OAuth2 ? catalog.Find(credential.ConnectorId)?.OAuth2?.Revocation : null;

    // RFC 7009 section 2.1: token and token_type_hint in a form body, the client authenticated as at the token endpoint.
    private HttpRequestMessage Rfc7009Request(JsonObject revocation, Credential credential, OAuthTokens tokens, AuthConfig? client)
    {
        if (client is null)
        {
            throw new InvalidOperationException("No OAuth app is configured to authenticate the revocation request.");
        }

        var (token, hint) = Choose(revocation, tokens);
        var form = new List<KeyValuePair<string, string>> { new("token", token), new("token_type_hint", hint) };
        var request = new HttpRequestMessage(HttpMethod.Post, CheckedUrl(Text(revocation, "url"), Values(credential, tokens, client)));
        if (Text(revocation, "authMethod") == "client_secret_post")
        {
            form.Add(new("client_id", client.ClientId));
            form.Add(new("client_secret", client.ClientSecret));
        }
        else
        {
            // RFC 6749 section 2.3.1: both halves form-encoded before Base64, as the token endpoint client does.
            request.Headers.Authorization = Basic(Uri.EscapeDataString(client.ClientId), Uri.EscapeDataString(client.ClientSecret));
        }

        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    private HttpRequestMessage ProviderRequest(JsonObject revocation, Credential credential, OAuthTokens tokens, AuthConfig? client)
    {
        var values = Values(credential, tokens, client);
        var request = new HttpRequestMessage(new HttpMethod(Text(revocation, "method")), CheckedUrl(Text(revocation, "url"), values));
        switch (Text(revocation, "auth"))
        {
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Choose(revocation, tokens).Token);
                break;
            case "client_basic":
                var app = client ?? throw new InvalidOperationException("No OAuth app is configured to authenticate the revocation request.");
                request.Headers.Authorization = Basic(app.ClientId, app.ClientSecret);
                break;
            case "none":
                break;
            case var other:
                throw new InvalidOperationException($"Unknown revocation auth '{other}'.");
        }

        foreach (var (name, template) in Templates(revocation, "headers"))
        {
            request.Headers.TryAddWithoutValidation(name, UrlTemplate.Expand(template, values));
        }

        if (revocation["form"] is not null)
        {
            request.Content = new FormUrlEncodedContent(Templates(revocation, "form").Select(p => new KeyValuePair<string, string>(p.Key, UrlTemplate.Expand(p.Value, values))));
        }
        else if (revocation["json"] is not null)
        {
            request.Content = JsonContent.Create(Templates(revocation, "json").ToDictionary(p => p.Key, p => UrlTemplate.Expand(p.Value, values)), options: CredentialsJson.Options);
        }

        return request;
    }

    // The connector names the token it wants revoked; a credential without a refresh token falls back to its access token.
    private static (string Token, string Hint) Choose(JsonObject revocation, OAuthTokens tokens)
        => Text(revocation, "token") == "refresh_token" && !string.IsNullOrEmpty(tokens.RefreshToken)
            ? (tokens.RefreshToken, "refresh_token")
            : (tokens.AccessToken, "access_token");

    private static IReadOnlyDictionary<string, string> Values(Credential credential, OAuthTokens tokens, AuthConfig? client)
        => TemplateValues.Combine(credential.Metadata, new Dictionary<string, string>(), tokens.AccessToken, tokens.RefreshToken, client?.ClientId);

    // Token values may be path segments (HubSpot's DELETE .../refresh_tokens/{refreshToken}), so the URL is checked after expansion;
    // the guarded handler then refuses internal addresses at connect time.
    private Uri CheckedUrl(string template, IReadOnlyDictionary<string, string> values)
    {
        var url = UrlTemplate.Expand(template, values);
        if (UrlRules.Check(url, options.Value.AllowInsecureLoopback) is { } problem)
        {
            throw new InvalidOperationException($"The revocation URL is not acceptable: {problem}");
        }

        return new Uri(url);
    }

    private static async Task<bool> RefusedIn200Async(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Slack answers every call with HTTP 200 and {"ok": false, "error": ...} when it fails.
        if (response.Content.Headers.ContentType?.MediaType is not "application/json")
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static AuthenticationHeaderValue Basic(string user, string password)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static IEnumerable<KeyValuePair<string, string>> Templates(JsonObject revocation, string property)
        => revocation[property] is JsonObject map ? map.Select(p => new KeyValuePair<string, string>(p.Key, p.Value?.GetValue<string>() ?? string.Empty)) : [];

    private static string Text(JsonObject revocation, string property)
        => revocation[property]?.GetValue<string>() ?? throw new InvalidOperationException($"The revocation entry has no '{property}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked the grant of credential {CredentialId} at {ConnectorId}")]
    private static partial void LogRevoked(ILogger logger, string credentialId, string connectorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not revoke the grant of credential {CredentialId} at {ConnectorId}: {Reason}; the credential is deleted anyway")]
    private static partial void LogFailed(ILogger logger, string credentialId, string connectorId, string reason);
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credentials.Core.Connectors;
using Credentials.Core.Json;
using Credentials.Core.Limits;
using Credentials.Core.Network;
using Credentials.Core.Secrets;
using Duende.IdentityModel.Client;

namespace Credentials.Core.OAuth;

/// <summary>
/// Calls token endpoints through Duende.IdentityModel (JSON bodies where a connector needs them). Requests are sent exactly once:
/// the HTTP client has no retry handler, because a replayed refresh with a rotating refresh token kills the grant. Each call takes
/// a permit of its connector and OAuth app from <see cref="TokenEndpointLimiter"/> first (waiting for one briefly); without one it
/// is not sent and answers like a provider's 429 (<see cref="TokenEndpointResult.LimitedBy"/> says why).
/// </summary>
public class TokenEndpointClient(IHttpClientFactory httpClientFactory, TimeProvider clock, TokenEndpointLimiter? limiter = null)
{
    /// <summary>The named HTTP client (no retries, no redirects).</summary>
    public const string HttpClientName = "oauth-token-endpoint";

    /// <summary>Exchanges an authorization code.</summary>
    public virtual Task<TokenEndpointResult> ExchangeCodeAsync(OAuth2Settings settings, TokenEndpoint endpoint, AuthConfig client, string code, string redirectUri, string? codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoint);
        var parameters = new Dictionary<string, string>(endpoint.Parameters, StringComparer.Ordinal) { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri };
        if (codeVerifier is not null)
        {
            parameters["code_verifier"] = codeVerifier;
        }

        return SendAsync(settings, endpoint, client, parameters, previous: null, cancellationToken);
    }

    /// <summary>Redeems a refresh token; a response without a new refresh token keeps the old one.</summary>
    public virtual Task<TokenEndpointResult> RefreshAsync(OAuth2Settings settings, TokenEndpoint endpoint, AuthConfig client, OAuthTokens current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(current);
        var parameters = new Dictionary<string, string>(endpoint.Parameters, StringComparer.Ordinal) { ["grant_type"] = "refresh_token", ["refresh_token"] = current.RefreshToken ?? string.Empty };
        return SendAsync(settings, endpoint, client, parameters, current, cancellationToken);
    }

    private async Task<TokenEndpointResult> SendAsync(OAuth2Settings settings, TokenEndpoint endpoint, AuthConfig client, Dictionary<string, string> parameters, OAuthTokens? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (limiter is not null && await limiter.TakeAsync(client.ConnectorId, client.AuthConfigId, cancellationToken) is { } wait)
        {
            return new TokenEndpointResult { Failure = TokenFailure.Transient, Error = "rate_limited", RetryAfter = wait, LimitedBy = RateLimitNames.TokenEndpoint };
        }

        using var http = httpClientFactory.CreateClient(HttpClientName);
        var style = settings.TokenEndpointAuthMethod == "client_secret_post" ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;
        HttpResponseMessage? response = null;
        try
        {
            if (settings.TokenRequestFormat == "json")
            {
                response = await PostJsonAsync(http, settings, endpoint, client, parameters, style, cancellationToken);
            }
            else
            {
                using var request = new TokenRequest
                {
                    Address = endpoint.Url,
                    GrantType = parameters["grant_type"],
                    ClientId = client.ClientId,
                    ClientSecret = client.ClientSecret,
                    ClientCredentialStyle = style,
                    Parameters = new Parameters(parameters.Where(p => p.Key != "grant_type")),
                };
                foreach (var (name, value) in settings.TokenRequestHeaders)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                ProviderUserAgentHandler.UseConnectorValue(request, endpoint.UserAgent);
                var token = await http.RequestTokenAsync(request, cancellationToken);
                if (token.ErrorType == ResponseErrorType.Exception || token.HttpResponse is null)
                {
                    return new TokenEndpointResult { Failure = TokenFailure.Transient, Error = "network_error" };
                }

                response = token.HttpResponse;
            }

            return await ReadAsync(settings, response, previous, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new TokenEndpointResult { Failure = TokenFailure.Transient, Error = "network_error" };
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TokenEndpointResult { Failure = TokenFailure.Transient, Error = "timeout" };
        }
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient http, OAuth2Settings settings, TokenEndpoint endpoint, AuthConfig client, Dictionary<string, string> parameters, ClientCredentialStyle style, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string>(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url);
        ProviderUserAgentHandler.UseConnectorValue(request, endpoint.UserAgent);
        if (style == ClientCredentialStyle.PostBody)
        {
            body["client_id"] = client.ClientId;
            body["client_secret"] = client.ClientSecret;
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret)}")));
        }

        foreach (var (name, value) in settings.TokenRequestHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = JsonContent.Create(body, options: CredentialsJson.Options);
        return await http.SendAsync(request, cancellationToken);
    }

    private async Task<TokenEndpointResult> ReadAsync(OAuth2Settings settings, HttpResponseMessage response, OAuthTokens? previous, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - clock.GetUtcNow() : null);
        JsonElement json = default;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(text);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, an empty body): classified by status below.
        }

        var error = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if (response.IsSuccessStatusCode && error is null
            && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("access_token", out var access) && access.ValueKind == JsonValueKind.String)
        {
            return new TokenEndpointResult { Tokens = ReadTokens(settings, json, access.GetString()!, previous), Raw = json, StatusCode = status };
        }

        return new TokenEndpointResult
        {
            Failure = Classify(settings, status, error),
            Error = error is null ? null : Sanitize(error),
            StatusCode = status,
            RetryAfter = retryAfter,
            Raw = json,
        };
    }

    private OAuthTokens ReadTokens(OAuth2Settings settings, JsonElement json, string accessToken, OAuthTokens? previous)
    {
        string? Text(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long? Seconds()
        {
            if (!json.TryGetProperty("expires_in", out var v))
            {
                return null;
            }

            return v.ValueKind switch
            {
                JsonValueKind.Number when v.TryGetInt64(out var n) => n,
                JsonValueKind.String when long.TryParse(v.GetString(), out var n) => n,
                _ => null,
            };
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? expiresAt = Seconds() is { } seconds && seconds > 0
            ? now.AddSeconds(seconds)
            : settings.AccessTokenLifetime is { } lifetime ? now + System.Xml.XmlConvert.ToTimeSpan(lifetime) : null;
        var scope = Text("scope");
        return new OAuthTokens
        {
            AccessToken = accessToken,
            RefreshToken = Text("refresh_token") ?? previous?.RefreshToken,
            TokenType = Text("token_type") ?? "Bearer",
            ExpiresAt = expiresAt,
            Scopes = scope is null ? previous?.Scopes ?? [] : scope.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries),
        };
    }

    private static TokenFailure Classify(OAuth2Settings settings, int status, string? error)
    {
        if (error is not null && settings.DeadGrantErrors.Contains(error))
        {
            return TokenFailure.DeadGrant;
        }

        return error switch
        {
            "invalid_grant" => TokenFailure.DeadGrant,
            "invalid_client" or "unauthorized_client" => TokenFailure.AuthConfig,
            "temporarily_unavailable" or "server_error" => TokenFailure.Transient,
            _ when status is 429 or >= 500 => TokenFailure.Transient,
            _ when status == (int)HttpStatusCode.Unauthorized => TokenFailure.AuthConfig,
            _ => TokenFailure.Rejected,
        };
    }

    // Provider error codes are echoed to tenants: keep them to a short, printable token.
    private static string Sanitize(string error)
        => new([.. error.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.').Take(64)]);
}

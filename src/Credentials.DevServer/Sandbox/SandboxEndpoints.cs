using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Microsoft.Extensions.Primitives;

namespace Credentials.DevServer.Sandbox;

/// <summary>
/// Maps the sandbox provider under <c>/sandbox</c>, outside the functions' route prefix: the consent page, the token and
/// revocation endpoints, the protected API and the failure switches. Only the sandbox connectors' OAuth client and the service's
/// own callback URL are accepted, as a real provider accepts only registered apps and redirect URIs.
/// </summary>
internal static class SandboxEndpoints
{
    /// <summary>Maps every sandbox route for a service reachable at <paramref name="publicBaseUrl"/>.</summary>
    public static void MapSandboxProvider(this IEndpointRouteBuilder endpoints, SandboxProvider provider, Uri publicBaseUrl, ApiRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var providerBase = SandboxConnectors.ProviderBase(publicBaseUrl);
        var callback = routes.CallbackUrl(publicBaseUrl, SandboxConnectors.OAuthConnectorId);
        var issuer = SandboxConnectors.Issuer(publicBaseUrl);
        var group = endpoints.MapGroup("/" + SandboxConnectors.PathSegment);

        group.MapGet("/", () => Html(SandboxPages.Index(provider.Describe(), providerBase), 200));
        group.MapGet(SandboxConnectors.Paths.Authorize, (HttpRequest request) =>
        {
            var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            return AuthorizationProblem(query, callback) is { } refused
                ? refused
                : Html(SandboxPages.Consent(query, Scopes(query)), 200);
        });
        group.MapPost(SandboxConnectors.Paths.Authorize, async (HttpRequest request) =>
        {
            var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            if (AuthorizationProblem(form, callback) is { } refused)
            {
                return refused;
            }

            var answer = new Dictionary<string, StringValues> { ["state"] = form.GetValueOrDefault("state") ?? string.Empty, ["iss"] = issuer };
            if (form.GetValueOrDefault("decision") == "allow")
            {
                var username = string.IsNullOrWhiteSpace(form.GetValueOrDefault("username")) ? "sandbox-user" : form["username"].Trim();
                answer["code"] = provider.IssueCode(callback, form["code_challenge"], username[..Math.Min(64, username.Length)], Scopes(form));
            }
            else
            {
                answer["error"] = "access_denied";
                answer["error_description"] = "The user denied the request.";
            }

            return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(callback, answer));
        });
        group.MapPost(SandboxConnectors.Paths.Token, async (HttpRequest request, HttpResponse response) =>
        {
            var form = await FormAsync(request);
            response.Headers.CacheControl = "no-store";
            if (!ClientAuthenticated(request, form))
            {
                response.Headers.WWWAuthenticate = "Basic realm=\"sandbox\"";
                return Results.Json(SandboxTokenResult.Error(401, "invalid_client", "Client authentication failed.").Body, statusCode: 401);
            }

            var result = provider.Exchange(form);
            return Results.Json(result.Body, statusCode: result.Status);
        });
        group.MapPost(SandboxConnectors.Paths.Revoke, async (HttpRequest request) =>
        {
            var form = await FormAsync(request);
            if (!ClientAuthenticated(request, form))
            {
                return Results.Json(SandboxTokenResult.Error(401, "invalid_client", "Client authentication failed.").Body, statusCode: 401);
            }

            provider.Revoke(form.GetValueOrDefault("token"));
            return Results.Ok();
        });
        group.MapGet(SandboxConnectors.Paths.Api + "/me", (HttpRequest request, HttpResponse response) =>
        {
            if (provider.FailStatus is { } failing)
            {
                return Results.Json(new Dictionary<string, string> { ["error"] = "The sandbox's fail switch is on." }, statusCode: failing);
            }

            var token = AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) && header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
                ? header.Parameter
                : null;
            if (token is not null && token.StartsWith(SandboxConnectors.ValidKeyPrefix, StringComparison.Ordinal))
            {
                return Results.Json(new Dictionary<string, object> { ["kind"] = "apiKey", ["account"] = "acct_apikey" });
            }

            if (provider.Authenticate(token) is { } grant)
            {
                return Results.Json(new Dictionary<string, object> { ["kind"] = "oauth", ["account"] = grant.AccountId, ["username"] = grant.Username, ["scopes"] = grant.Scopes });
            }

            response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_token" }, statusCode: 401);
        });
        group.MapGet(SandboxConnectors.Paths.Connected, (HttpRequest request) => Html(SandboxPages.Connected(request.Query), 200));
        group.MapGet(SandboxConnectors.Paths.Control, () => Results.Json(provider.Describe()));
        group.MapPost(SandboxConnectors.Paths.Control + "/fail", (HttpRequest request) =>
        {
            var status = int.TryParse(request.Query["status"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 400 and <= 599 ? s : 503;
            provider.SetFailStatus(status);
            return Switched(request, provider, providerBase);
        });
        group.MapPost(SandboxConnectors.Paths.Control + "/revoke-all", (HttpRequest request) =>
        {
            provider.RevokeAll();
            return Switched(request, provider, providerBase);
        });
        group.MapPost(SandboxConnectors.Paths.Control + "/reset", (HttpRequest request) =>
        {
            provider.SetFailStatus(null);
            return Switched(request, provider, providerBase);
        });
    }

    // Null when the request names the sandbox's client, the service's callback and PKCE S256; else the page that refuses it.
    private static IResult? AuthorizationProblem(IReadOnlyDictionary<string, string> request, string callback)
    {
        var problem = request.GetValueOrDefault("client_id") != SandboxConnectors.ClientId ? $"Unknown client_id: the sandbox knows only '{SandboxConnectors.ClientId}'."
            : request.GetValueOrDefault("redirect_uri") != callback ? $"redirect_uri must be the registered callback {callback}."
            : request.GetValueOrDefault("response_type") != "code" ? "response_type must be code."
            : string.IsNullOrEmpty(request.GetValueOrDefault("code_challenge")) || request.GetValueOrDefault("code_challenge_method") != "S256" ? "PKCE with S256 is required."
            : null;
        return problem is null ? null : Html(SandboxPages.Error(problem), 400);
    }

    private static string[] Scopes(IReadOnlyDictionary<string, string> request)
        => (request.GetValueOrDefault("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<Dictionary<string, string>> FormAsync(HttpRequest request)
        => request.HasFormContentType
            ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    // client_secret_basic (RFC 6749 section 2.3.1: form-encoded id and secret, base64) or client_secret_post.
    private static bool ClientAuthenticated(HttpRequest request, IReadOnlyDictionary<string, string> form)
    {
        string? id = form.GetValueOrDefault("client_id"), secret = form.GetValueOrDefault("client_secret");
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
                (id, secret) = (Uri.UnescapeDataString(pair[0].Replace('+', ' ')), pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : null);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return id == SandboxConnectors.ClientId && secret == SandboxConnectors.ClientSecret;
    }

    // The page's buttons post forms and go back to the index; scripts get the switches as JSON.
    private static IResult Switched(HttpRequest request, SandboxProvider provider, Uri providerBase)
        => request.HasFormContentType ? Results.Redirect(providerBase.AbsoluteUri, permanent: false, preserveMethod: false) : Results.Json(provider.Describe());

    private static IResult Html(string page, int status) => Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8, status);
}

using System.Text.Json;

namespace Credentials.Benchmarks.Support.Http;

/// <summary>A request the HTTP load sends for a credential, and what a good answer holds (anything else is counted as an error).</summary>
/// <param name="Name">How the table names it.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Action">The route after <c>credentials/{id}/</c>.</param>
/// <param name="Check">Given a 2xx answer's JSON body: null when it is good, else what was wrong.</param>
public sealed record HttpOperation(string Name, HttpMethod Method, string Action, Func<JsonElement, string?> Check)
{
    /// <summary><c>GET /credentials/{id}/token</c>: a good answer holds an access token.</summary>
    public static HttpOperation TokenRead { get; } = new("token read", HttpMethod.Get, "token", body =>
        body.TryGetProperty("accessToken", out var token) && token.ValueKind == JsonValueKind.String ? null : "no accessToken");

    /// <summary><c>POST /credentials/{id}/refresh</c>: a good answer is the credential, active and without a refresh error.</summary>
    public static HttpOperation ForcedRefresh { get; } = new("forced refresh", HttpMethod.Post, "refresh", body =>
        !body.TryGetProperty("status", out var status) || status.GetString() != "active" ? "credential not active"
        : body.TryGetProperty("refreshError", out var error) && error.ValueKind != JsonValueKind.Null ? "refreshError set"
        : null);

    /// <summary>The route of this operation on <paramref name="credentialId"/>, relative to <c>api/</c>.</summary>
    public Uri Route(string credentialId) => new($"credentials/{credentialId}/{Action}", UriKind.Relative);
}

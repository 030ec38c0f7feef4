using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Credentials.Client.Models;

namespace Credentials.Client;

/// <summary>
/// The tenant API of the credentials service, one method per route. Every failure the service answers becomes a
/// <see cref="CredentialsApiException"/>; lists are <see cref="IAsyncEnumerable{T}"/> that fetch the next page as they are read.
/// Register it with <see cref="CredentialsClientServiceCollectionExtensions.AddCredentialsClient"/>, or pass an <see cref="HttpClient"/>.
/// </summary>
public sealed class CredentialsClient
{
    /// <summary>The header that makes a create safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly HttpClient http;

    /// <summary>A client over <paramref name="http"/>, whose base address and authorization are already set (as the registration does).</summary>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public CredentialsClient(HttpClient http) => this.http = http ?? throw new ArgumentNullException(nameof(http));

    /// <summary>A client over <paramref name="http"/>, configured from <paramref name="options"/>.</summary>
    public CredentialsClient(HttpClient http, CredentialsClientOptions options)
        : this(http) => Configure(http, options);

    /// <summary>Sets the base address (with the trailing slash relative paths need) and the bearer key.</summary>
    public static void Configure(HttpClient http, CredentialsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.BaseUrl ?? throw new ArgumentException("CredentialsClientOptions.BaseUrl is required.", nameof(options));
        http.BaseAddress = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
    }

    /// <summary><c>POST /users</c>: creates an end user (409 <c>conflict</c> when the username is taken).</summary>
    public Task<User> CreateUserAsync(string username, string? fullName = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        => SendAsync<User>(HttpMethod.Post, "users", new Dictionary<string, string?> { ["username"] = username, ["fullName"] = fullName }, idempotencyKey, cancellationToken);

    /// <summary><c>GET /users/{userId}</c>.</summary>
    public Task<User> GetUserAsync(string userId, CancellationToken cancellationToken = default)
        => SendAsync<User>(HttpMethod.Get, $"users/{Segment(userId)}", null, null, cancellationToken);

    /// <summary><c>GET /users?username=</c>: the user with exactly this username (case-insensitive), or null.</summary>
    public async Task<User?> FindUserByUsernameAsync(string username, CancellationToken cancellationToken = default)
    {
        var found = await SendAsync<UserPage>(HttpMethod.Get, $"users?username={Uri.EscapeDataString(username)}", null, null, cancellationToken);
        return found.Users.Count > 0 ? found.Users[0] : null;
    }

    /// <summary><c>GET /users</c>: every user of the tenant in username order, fetched <paramref name="pageSize"/> at a time.</summary>
    public async IAsyncEnumerable<User> ListUsersAsync(int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SendAsync<UserPage>(HttpMethod.Get, Paged("users", pageSize, token), null, null, cancellationToken);
            foreach (var user in page.Users)
            {
                yield return user;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary><c>PATCH /users/{userId}</c>: sets the full name, or clears it with null.</summary>
    public Task<User> UpdateUserAsync(string userId, string? fullName, CancellationToken cancellationToken = default)
        => SendAsync<User>(HttpMethod.Patch, $"users/{Segment(userId)}", new Dictionary<string, string?> { ["fullName"] = fullName }, null, cancellationToken, writeNulls: true);

    /// <summary><c>DELETE /users/{userId}</c>: true when the user and their credentials are gone, false when the service finishes in the background (202).</summary>
    public async Task<bool> DeleteUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, $"users/{Segment(userId)}", null, null, cancellationToken);
        return response.StatusCode == HttpStatusCode.NoContent;
    }

    /// <summary><c>GET /users/{userId}/credentials</c>: every credential of the user, fetched <paramref name="pageSize"/> at a time.</summary>
    public async IAsyncEnumerable<Credential> ListUserCredentialsAsync(string userId, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SendAsync<CredentialPage>(HttpMethod.Get, Paged($"users/{Segment(userId)}/credentials", pageSize, token), null, null, cancellationToken);
            foreach (var credential in page.Credentials)
            {
                yield return credential;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary><c>POST /credentials</c>: a stored credential (201), or for an OAuth request with a redirect URI the link to send the end user to (200).</summary>
    public async Task<CredentialCreation> CreateCredentialAsync(NewCredential request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendRawAsync(HttpMethod.Post, "credentials", request, idempotencyKey, cancellationToken);
        return response.StatusCode == HttpStatusCode.Created
            ? new CredentialCreation(await ReadAsync<Credential>(response, cancellationToken), null)
            : new CredentialCreation(null, await ReadAsync<AuthorizationLink>(response, cancellationToken));
    }

    /// <summary><c>GET /credentials/{credentialId}</c>.</summary>
    public Task<Credential> GetCredentialAsync(string credentialId, CancellationToken cancellationToken = default)
        => SendAsync<Credential>(HttpMethod.Get, $"credentials/{Segment(credentialId)}", null, null, cancellationToken);

    /// <summary><c>DELETE /credentials/{credentialId}</c>: final once it returns; says what happened at the provider.</summary>
    public async Task<CredentialDeletion> DeleteCredentialAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, $"credentials/{Segment(credentialId)}", null, null, cancellationToken);
        return new CredentialDeletion(response.Headers.TryGetValues("Credential-Revocation", out var values) ? values.First() : "not_supported");
    }

    /// <summary><c>POST /credentials/{credentialId}/reauthorize</c>: a link whose callback repairs the same credential.</summary>
    public Task<AuthorizationLink> ReauthorizeAsync(string credentialId, Uri redirectUri, CancellationToken cancellationToken = default)
        => SendAsync<AuthorizationLink>(HttpMethod.Post, $"credentials/{Segment(credentialId)}/reauthorize", new Dictionary<string, string?> { ["redirectUri"] = redirectUri?.AbsoluteUri }, null, cancellationToken);

    /// <summary><c>GET /credentials/{credentialId}/token</c>: a valid access token (refreshed first when it is about to expire).</summary>
    public Task<AccessToken> GetAccessTokenAsync(string credentialId, CancellationToken cancellationToken = default)
        => SendAsync<AccessToken>(HttpMethod.Get, $"credentials/{Segment(credentialId)}/token", null, null, cancellationToken);

    /// <summary><c>POST /credentials/{credentialId}/refresh</c>: refreshes now and shows the credential.</summary>
    public Task<Credential> RefreshAsync(string credentialId, CancellationToken cancellationToken = default)
        => SendAsync<Credential>(HttpMethod.Post, $"credentials/{Segment(credentialId)}/refresh", null, null, cancellationToken);

    /// <summary><c>POST /credentials/{credentialId}/verify</c>: asks the provider whether the stored values still work.</summary>
    public Task<Verification> VerifyAsync(string credentialId, CancellationToken cancellationToken = default)
        => SendAsync<Verification>(HttpMethod.Post, $"credentials/{Segment(credentialId)}/verify", null, null, cancellationToken);

    /// <summary>
    /// <c>{method} /credentials/{credentialId}/proxy/{path}</c>: the provider's answer as it came (the caller disposes it). Only the
    /// service's own failures (409 <c>credential_invalid</c>, 502, 504, ...) throw; <paramref name="path"/> is sent as written.
    /// </summary>
    public async Task<HttpResponseMessage> SendProxyAsync(string credentialId, HttpMethod method, string path, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var request = new HttpRequestMessage(method, $"credentials/{Segment(credentialId)}/proxy/{path.TrimStart('/')}") { Content = content };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/problem+json" && !response.Headers.Contains("X-Credential-Id"))
        {
            using (response)
            {
                throw await ProblemAsync(response, cancellationToken);
            }
        }

        return response;
    }

    /// <summary><c>GET /connectors</c>: the catalogue.</summary>
    public async Task<IReadOnlyList<Connector>> ListConnectorsAsync(CancellationToken cancellationToken = default)
        => (await SendAsync<ConnectorCatalogue>(HttpMethod.Get, "connectors", null, null, cancellationToken)).Connectors;

    /// <summary><c>GET /connectors/{connectorId}/credentials/metadata</c>: the create body's JSON Schema per authentication type.</summary>
    public Task<ConnectorMetadata> GetConnectorMetadataAsync(string connectorId, CancellationToken cancellationToken = default)
        => SendAsync<ConnectorMetadata>(HttpMethod.Get, $"connectors/{Segment(connectorId)}/credentials/metadata", null, null, cancellationToken);

    /// <summary><c>PUT /connectors/{connectorId}/auth-config</c>: the tenant's OAuth app (a new version each time).</summary>
    public Task<AuthConfig> PutAuthConfigAsync(string connectorId, string clientId, string clientSecret, IReadOnlyList<string>? scopes = null, CancellationToken cancellationToken = default)
        => SendAsync<AuthConfig>(HttpMethod.Put, $"connectors/{Segment(connectorId)}/auth-config", new Dictionary<string, object?> { ["clientId"] = clientId, ["clientSecret"] = clientSecret, ["scopes"] = scopes }, null, cancellationToken);

    /// <summary><c>GET /connectors/{connectorId}/auth-config</c>: the OAuth app in use, without its secret.</summary>
    public Task<AuthConfig> GetAuthConfigAsync(string connectorId, CancellationToken cancellationToken = default)
        => SendAsync<AuthConfig>(HttpMethod.Get, $"connectors/{Segment(connectorId)}/auth-config", null, null, cancellationToken);

    /// <summary><c>DELETE /connectors/{connectorId}/auth-config</c>.</summary>
    public async Task DeleteAuthConfigAsync(string connectorId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, $"connectors/{Segment(connectorId)}/auth-config", null, null, cancellationToken);
    }

    /// <summary><c>GET /settings</c>.</summary>
    public Task<TenantSettings> GetSettingsAsync(CancellationToken cancellationToken = default)
        => SendAsync<TenantSettings>(HttpMethod.Get, "settings", null, null, cancellationToken);

    /// <summary><c>PUT /settings</c>: replaces the allowed redirect URIs and the webhook URL.</summary>
    public Task<TenantSettings> UpdateSettingsAsync(IReadOnlyList<Uri> allowedRedirectUris, Uri? webhookUrl = null, CancellationToken cancellationToken = default)
        => SendAsync<TenantSettings>(HttpMethod.Put, "settings", new Dictionary<string, object?> { ["allowedRedirectUris"] = allowedRedirectUris?.Select(u => u.AbsoluteUri).ToList(), ["webhookUrl"] = webhookUrl?.AbsoluteUri }, null, cancellationToken);

    /// <summary><c>POST /settings/webhook-secret</c>: a new signing secret, shown this once (the old one stops at once).</summary>
    public Task<WebhookSecret> RotateWebhookSecretAsync(CancellationToken cancellationToken = default)
        => SendAsync<WebhookSecret>(HttpMethod.Post, "settings/webhook-secret", null, null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken, bool writeNulls = false)
    {
        using var response = await SendRawAsync(method, path, body, idempotencyKey, cancellationToken, writeNulls);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken, bool writeNulls = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // Dictionaries keep their null values (a PATCH's "clear this"); records drop theirs (an absent field).
            request.Content = body is IDictionary<string, string?> or IDictionary<string, object?> && !writeNulls
                ? JsonContent.Create(WithoutNulls(body), options: Json)
                : JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ProblemAsync(response, cancellationToken);
            }
        }

        return response;
    }

    private static Dictionary<string, object?> WithoutNulls(object body) => body switch
    {
        IDictionary<string, string?> strings => strings.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => (object?)p.Value),
        IDictionary<string, object?> objects => objects.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
        _ => throw new ArgumentException("Not a dictionary.", nameof(body)),
    };

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        => await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new CredentialsApiException(response.StatusCode, "empty_response", $"The service answered {(int)response.StatusCode} without a body.");

    private static async Task<CredentialsApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : (TimeSpan?)null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var errors = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Object
                ? list.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.ValueKind == JsonValueKind.Array ? e.Value.EnumerateArray().Select(m => m.ToString()).ToArray() : [e.Value.ToString()], StringComparer.Ordinal)
                : null;
            var message = Text("detail") ?? Text("title") ?? $"The service answered {(int)response.StatusCode}.";
            return new CredentialsApiException(response.StatusCode, Text("code") ?? Fallback(response.StatusCode), message, errors, retryAfter);
        }
        catch (JsonException)
        {
            return new CredentialsApiException(response.StatusCode, Fallback(response.StatusCode), $"The service answered {(int)response.StatusCode} without a problem body.", null, retryAfter);
        }
    }

    // The Functions host answers unknown routes with an empty 404, which carries no code.
    private static string Fallback(HttpStatusCode status) => "http_" + ((int)status).ToString(CultureInfo.InvariantCulture);

    private static string Paged(string path, int? pageSize, string? token)
    {
        var query = new List<string>();
        if (pageSize is { } size)
        {
            query.Add("limit=" + size.ToString(CultureInfo.InvariantCulture));
        }

        if (token is not null)
        {
            query.Add("continuationToken=" + Uri.EscapeDataString(token));
        }

        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }
}

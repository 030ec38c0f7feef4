using Credentials.Core.Contracts;
using System.Text.Json;
using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Consistency;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>
/// A deployment for consistency tests: two test connectors (one of each credential type, one verifying API keys), the fake
/// provider, webhooks on (so every state change writes an outbox row), and the repair and invariant checks every test ends with.
/// </summary>
public sealed class ConsistencyWorld : IDisposable
{
    public const string OAuthConnector = "consistency";
    public const string VerifiedConnector = "consistency-verified";
    public const string RedirectUri = "https://app.example.test/connected";

    private readonly string folder = Directory.CreateTempSubdirectory("consistency-connectors-").FullName;

    /// <summary>
    /// A world in <paramref name="mode"/>: Local keeps bundles sealed in the credential rows (as Envelope does); KeyVault keeps them
    /// apart, in the Local store's <c>secrets</c> table standing in for the vault, written in KeyVault mode's order.
    /// </summary>
    public ConsistencyWorld(string tableConnectionString, SecretStoreKind mode = SecretStoreKind.Local)
    {
        File.WriteAllText(Path.Combine(folder, OAuthConnector + ".json"), ConnectorJson(OAuthConnector, verified: false));
        File.WriteAllText(Path.Combine(folder, VerifiedConnector + ".json"), ConnectorJson(VerifiedConnector, verified: true));
        var options = new ServiceDeploymentOptions { ProviderHandler = Provider, Mode = mode };
        options.Settings["Credentials:ConnectorsPath"] = folder;
        options.Settings[$"Credentials:Connectors:{OAuthConnector}:ClientId"] = "client";
        options.Settings[$"Credentials:Connectors:{OAuthConnector}:ClientSecret"] = "client-secret";
        Deployment = new ServiceDeployment(tableConnectionString, options);
    }

    public ServiceDeployment Deployment { get; }

    public FakeOAuthProvider Provider { get; } = new();

    /// <summary>A tenant with a webhook URL and the redirect URI allowed.</summary>
    public static async Task<TenantContext> SeedTenantAsync(ServiceProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var tenants = process.GetRequiredService<TenantService>();
        var (tenant, key) = await tenants.CreateTenantAsync("Consistency");
        await tenants.UpdateSettingsAsync(tenant.TenantId, [RedirectUri], "https://hooks.example.test/events");
        return new TenantContext(tenant.TenantId, key.KeyId);
    }

    public static async Task<string> SeedUserAsync(ServiceProcess process, TenantContext tenant, string username = "jane")
    {
        ArgumentNullException.ThrowIfNull(process);
        return (await process.GetRequiredService<UserService>().CreateAsync(tenant, username, null)).UserId;
    }

    /// <summary>
    /// The body of <c>POST /credentials</c> for <paramref name="type"/>: apiKey, basic, custom, import, or "import stale" (tokens
    /// whose access token the provider's API refuses until refreshed).
    /// </summary>
    public JsonElement CreateBody(string userId, string type, bool verified = false)
    {
        object body = type switch
        {
            "apiKey" => new { userId, connectorId = verified ? VerifiedConnector : OAuthConnector, authenticationType = "apiKey", data = new { apiKey = "key-" + Guid.NewGuid().ToString("N") } },
            "basic" => new { userId, connectorId = OAuthConnector, authenticationType = "basic", data = new { username = "u", password = "p-" + Guid.NewGuid().ToString("N") } },
            "custom" => new { userId, connectorId = OAuthConnector, authenticationType = "custom", data = new { account = "acct", token = "t-" + Guid.NewGuid().ToString("N") } },
            "import" => ImportBody(userId, stale: false),
            "import stale" => ImportBody(userId, stale: true),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return JsonSerializer.SerializeToElement(body);
    }

    public static async Task<string> CreateAsync(IServiceProvider services, TenantContext tenant, JsonElement body)
    {
        var result = await Get<CredentialService>(services).CreateAsync(tenant, CreateCredentialRequest.Read(body));
        return result.Stored!.CredentialId;
    }

    /// <summary>Starts an OAuth flow (or a reauthorization) and returns the state the provider would send back.</summary>
    public static async Task<string> StartFlowAsync(IServiceProvider services, TenantContext tenant, string userId, string? reauthorizeCredentialId = null)
    {
        var start = reauthorizeCredentialId is null
            ? (await Get<CredentialService>(services).CreateAsync(tenant, CreateCredentialRequest.Read(JsonSerializer.SerializeToElement(new { userId, connectorId = OAuthConnector, authenticationType = "oauth2", redirectUri = RedirectUri })))).Link!
            : await Get<OAuthFlowService>(services).ReauthorizeAsync(tenant, reauthorizeCredentialId, RedirectUri);
        return StateOf(start);
    }

    /// <summary>The state an authorization link carries.</summary>
    public static string StateOf(AuthorizationLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var query = new Uri(link.OAuthUrl).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        return query["state"];
    }

    /// <summary>A single-use connect session of the user offering the test connectors; its id.</summary>
    public static async Task<string> CreateSessionAsync(IServiceProvider services, TenantContext tenant, string userId)
    {
        var link = await Get<ConnectSessionService>(services).CreateAsync(tenant, new CreateConnectSessionRequest(userId, [OAuthConnector], RedirectUri, null, null, false, null));
        return link.SessionId;
    }

    /// <summary><paramref name="seeded"/> with a connect session of its user.</summary>
    public static async Task<Seeded> WithSessionAsync(ServiceProcess process, Seeded seeded)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(seeded);
        return seeded with { SessionId = await CreateSessionAsync(process.Services, seeded.Tenant, seeded.UserId) };
    }

    /// <summary><paramref name="seeded"/> with a connect session and the OAuth flow its page started (the state the provider sends back).</summary>
    public static async Task<Seeded> WithPageFlowAsync(ServiceProcess process, Seeded seeded)
    {
        var withSession = await WithSessionAsync(process, seeded);
        return withSession with { State = StateOf((await StartFromPageAsync(process.Services, withSession.SessionId!)).Link!) };
    }

    /// <summary>What the connect page sends for <paramref name="type"/> (apiKey or oauth2) on the OAuth connector.</summary>
    public static ConnectCredentialRequest PageBody(string type)
        => ConnectCredentialRequest.Read(JsonSerializer.SerializeToElement(type == "apiKey"
            ? (object)new { connectorId = OAuthConnector, authenticationType = type, data = new { apiKey = "key-" + Guid.NewGuid().ToString("N") } }
            : new { connectorId = OAuthConnector, authenticationType = type }));

    /// <summary>The page's create for the session (its token's checks are the authenticator's, so the session is read directly).</summary>
    public static async Task<CreateCredentialResult> CreateFromPageAsync(IServiceProvider services, string sessionId, ConnectCredentialRequest body)
    {
        var (session, etag) = await Get<Core.ConnectSessions.ConnectSessionStore>(services).GetAsync(sessionId) ?? throw new InvalidOperationException("No such session.");
        return await Get<ConnectPageService>(services).CreateAsync(session, etag, body);
    }

    /// <summary>Starts the OAuth flow of the session's page.</summary>
    public static Task<CreateCredentialResult> StartFromPageAsync(IServiceProvider services, string sessionId)
        => CreateFromPageAsync(services, sessionId, ConnectCredentialRequest.Read(JsonSerializer.SerializeToElement(new { connectorId = OAuthConnector, authenticationType = "oauth2" })));

    /// <summary>The provider's redirect to the callback with a code.</summary>
    public static Task<OAuthCallbackOutcome> CallbackAsync(IServiceProvider services, string state)
        => Get<OAuthCallbackService>(services).CompleteAsync(OAuthConnector, name => name switch { "state" => state, "code" => "code-" + state[^6..], _ => null });

    /// <summary>
    /// What a restarted deployment does: a fresh process lets the clock pass the repair grace and the longest lease, and runs
    /// the sweep until it has nothing left to repair (bounded).
    /// </summary>
    public async Task RepairAsync()
    {
        await using var process = Deployment.StartProcess();
        var grace = process.GetRequiredService<Microsoft.Extensions.Options.IOptions<CredentialsOptions>>().Value.RepairGrace;
        for (var pass = 0; pass < 3; pass++)
        {
            Deployment.Clock.Advance(grace + RefreshService.LeaseDuration + RefreshService.LeaseDuration + TimeSpan.FromMinutes(1));
            await process.GetRequiredService<RefreshSweepService>().RunAsync();
        }
    }

    /// <summary>The stored state and every invariant violation in it.</summary>
    public async Task<(StoredState State, IReadOnlyList<string> Violations)> CheckAsync()
    {
        var state = await StoredState.ReadAsync(Deployment.Tables, () => StoredState.SecretOwnersAsync(Deployment.Tables));
        return (state, InvariantChecker.Check(state));
    }

    /// <summary>
    /// I4 at the provider: every live refresh token belongs to a credential that still exists (its current secret holds it).
    /// </summary>
    public async Task<IReadOnlyList<string>> LiveGrantsWithoutCredentialAsync(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var process = Deployment.StartProcess();
        var rows = process.GetRequiredService<CredentialStore>();
        var bundles = process.GetRequiredService<CredentialBundles>();
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, _) in state.Credentials.Where(c => c.Value.GetString("Status") != "deleting"))
        {
            if (await rows.GetAsync(id) is { } found && await bundles.ReadAsync(found.Credential) is { Tokens.RefreshToken: { } refreshToken })
            {
                held.Add(refreshToken);
            }
        }

        return [.. Provider.LiveRefreshTokens.Where(t => !held.Contains(t)).Select(t => $"I4: refresh token {t} is live at the provider but held by no credential")];
    }

    /// <summary>I1 through the service: every credential the API shows can be used (a dead grant is a clean 409, never a 500).</summary>
    public async Task<IReadOnlyList<string>> UnusableCredentialsAsync(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var process = Deployment.StartProcess();
        var access = process.GetRequiredService<IUsableCredentialSource>();
        var problems = new List<string>();
        foreach (var (id, row) in state.Credentials.Where(c => c.Value.GetString("Status") == "active"))
        {
            try
            {
                await access.GetUsableAsync(new TenantContext(row.GetString("TenantId"), "check"), id);
            }
            catch (Core.Errors.ServiceException e) when (e.Code == Core.Errors.ErrorCodes.CredentialInvalid)
            {
                // The refresh found the grant dead: the credential is now cleanly invalid.
            }
            catch (Exception e)
            {
                problems.Add($"I1: active credential {id} cannot be used: {e.GetType().Name}: {e.Message}");
            }
        }

        return problems;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private object ImportBody(string userId, bool stale)
    {
        var (accessToken, refreshToken) = stale ? Provider.IssueStaleGrant() : Provider.IssueGrant();
        return new { userId, connectorId = OAuthConnector, authenticationType = "oauth2", data = new { accessToken, refreshToken, expiresAt = Deployment.Clock.GetUtcNow().AddHours(1).ToString("O") } };
    }

    private static T Get<T>(IServiceProvider services)
        where T : notnull
        => (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered."));

    private static string ConnectorJson(string id, bool verified) => $$"""
    {
      "id": "{{id}}", "name": "Consistency {{id}}", "authenticationTypes": {{(verified ? "[\"apiKey\"]" : "[\"oauth2\", \"apiKey\", \"basic\", \"custom\"]")}},
      "fields": {
        "apiKey": [ { "name": "apiKey", "title": "API key", "type": "string", "secret": true, "required": true } ]{{(verified ? string.Empty : """
        ,
        "basic": [ { "name": "username", "title": "User", "type": "string", "required": true }, { "name": "password", "title": "Password", "type": "string", "secret": true, "required": true } ],
        "custom": [ { "name": "account", "title": "Account", "type": "string", "required": true }, { "name": "token", "title": "Token", "type": "string", "secret": true, "required": true } ]
        """)}}
      },
      {{(verified ? string.Empty : """
      "oauth2": {
        "authorizationUrl": "https://provider.example.test/authorize", "tokenUrl": "https://provider.example.test/token",
        "tokenRequestFormat": "form", "tokenEndpointAuthMethod": "client_secret_post",
        "revocation": { "type": "rfc7009", "url": "https://provider.example.test/revoke", "token": "refresh_token", "authMethod": "client_secret_post" },
        "defaultScopes": ["read"], "scopeSeparator": " ", "pkce": true, "authorizeParams": {}, "callbackMetadata": [],
        "tokenResponseMetadata": [], "postConnect": [], "refreshTokenRotates": true, "deadGrantErrors": ["invalid_grant"]
      },
      """)}}
      "api": {
        "baseUrl": "https://provider.example.test", "allowedHosts": ["provider.example.test"], "headers": {},
        "auth": {
          "apiKey": { "type": "header", "name": "X-Key", "value": "{apiKey}" }{{(verified ? string.Empty : """
          ,
          "oauth2": { "type": "bearer" },
          "basic": { "type": "basic", "username": "{username}", "password": "{password}" },
          "custom": { "type": "header", "name": "X-Token", "value": "{token}" }
          """)}}
        }{{(verified ? """, "verification": { "method": "GET", "path": "/verify" }""" : string.Empty)}}
      }
    }
    """;
}

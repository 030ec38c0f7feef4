using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;
using Credentials.Core.Webhooks;
using Credentials.IntegrationTests.Storage;
using Credentials.TestSupport.Composition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.IntegrationTests.Refresh;

/// <summary>
/// The refresh service over real Azurite tables with an in-memory secret store and a scripted token endpoint, on a fake clock,
/// built by the test composition root (<see cref="ServiceDeployment"/>): each <see cref="NewService"/> is another process over
/// the same stores, with its own in-process single flight and lease owner id.
/// </summary>
public sealed class RefreshHarness : IDisposable
{
    public const string ConnectorId = "refreshtest";
    private readonly string folder = Directory.CreateTempSubdirectory("refresh-connectors-").FullName;
    private readonly ServiceDeployment deployment;
    private readonly List<ServiceProcess> processes = [];

    /// <summary>
    /// A harness in <paramref name="mode"/>: KeyVault (the default: bundles in <paramref name="secrets"/>, apart from the rows) or an
    /// inline mode (Local: bundles sealed into the rows; <paramref name="secrets"/> then holds only bundles from before that).
    /// </summary>
    public RefreshHarness(AzuriteTables azurite, bool rotates = true, TimeProvider? clock = null, ISecretStore? secrets = null, SecretStoreKind mode = SecretStoreKind.KeyVault)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        Mode = mode;
        Secrets = secrets ?? new MemorySecretStore();
        var fake = clock as FakeTimeProvider ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        Clock = clock ?? fake;
        File.WriteAllText(Path.Combine(folder, ConnectorId + ".json"), $$"""
        {
          "id": "{{ConnectorId}}", "name": "Refresh test", "authenticationTypes": ["oauth2"],
          "oauth2": {
            "authorizationUrl": "http://127.0.0.1:9/authorize", "tokenUrl": "http://127.0.0.1:9/token",
            "tokenRequestFormat": "form", "tokenEndpointAuthMethod": "client_secret_post", "revocation": null,
            "defaultScopes": ["read"], "scopeSeparator": " ", "pkce": true, "authorizeParams": {}, "callbackMetadata": [],
            "tokenResponseMetadata": [], "postConnect": [], "refreshTokenRotates": {{(rotates ? "true" : "false")}}, "deadGrantErrors": ["invalid_grant", "bad_refresh_token"]
          },
          "api": { "baseUrl": "http://127.0.0.1:9", "allowedHosts": ["127.0.0.1"], "headers": {}, "auth": { "oauth2": { "type": "bearer" } } }
        }
        """);
        Options = Microsoft.Extensions.Options.Options.Create(new CredentialsOptions { ConnectorsPath = folder, AllowInsecureLoopback = true });
        Tables = azurite.NewProvider();
        Credentials = new FaultyCredentialStore(Tables);
        Index = new RefreshIndexStore(Tables);
        Catalog = new ConnectorCatalog(Options);
        var options = new ServiceDeploymentOptions
        {
            Clock = fake,
            SecretStore = Secrets,
            Mode = mode,
            ProviderHandler = Provider,
            ConfigureServices = services =>
            {
                // Every process writes through the one store whose faults a test arms, on the harness's clock.
                services.AddSingleton<CredentialStore>(Credentials);
                services.AddSingleton(Clock);
            },
        };
        options.Settings["Credentials:ConnectorsPath"] = folder;
        options.Settings[$"Credentials:Connectors:{ConnectorId}:ClientId"] = "client";
        options.Settings[$"Credentials:Connectors:{ConnectorId}:ClientSecret"] = "secret";
        deployment = new ServiceDeployment(azurite.ConnectionString, options);
    }

    /// <summary>The deployment's settings (its keys among them).</summary>
    public IReadOnlyDictionary<string, string?> Settings => deployment.Settings;

    /// <summary>Where bundles live.</summary>
    public SecretStoreKind Mode { get; }

    /// <summary>The clock all services share (fake unless a test needs real waits).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The fake clock, for tests that move time.</summary>
    public FakeTimeProvider FakeClock => (FakeTimeProvider)Clock;

    public IOptions<CredentialsOptions> Options { get; }

    public TableProvider Tables { get; }

    public FaultyCredentialStore Credentials { get; }

    public RefreshIndexStore Index { get; }

    public ConnectorCatalog Catalog { get; }

    /// <summary>The secret store all processes share: in memory unless a test passes another (e.g. Key Vault through its fake).</summary>
    public ISecretStore Secrets { get; }

    public ScriptedTokenEndpoint Provider { get; } = new();

    /// <summary>
    /// A process whose storage calls are counted: the index and secret-store calls by <c>Calls</c> (an unarmed crash policy), the
    /// credential rows' by <see cref="FaultyCredentialStore.Operations"/> (all processes share that store). <see cref="CountedCalls"/>
    /// sums both since the policy's last restart.
    /// </summary>
    public (ServiceProcess Process, CountedCalls Calls) NewCountedProcess()
    {
        var policy = new Credentials.TestSupport.Crashes.CrashPolicy();
        var process = deployment.StartProcess(policy);
        processes.Add(process);
        return (process, new CountedCalls(policy, Credentials));
    }

    /// <summary>A process whose settings differ from the deployment's by <paramref name="overrides"/> (say, a rotated key).</summary>
    public ServiceProcess NewProcess(IReadOnlyDictionary<string, string?> overrides)
    {
        var process = deployment.StartProcess(overrides: overrides);
        processes.Add(process);
        return process;
    }

    /// <summary>A service as one process would have it (its own in-process single-flight and lease owner id).</summary>
    public RefreshService NewService() => Start().GetRequiredService<RefreshService>();

    /// <summary>What a token read or the proxy of a new process uses.</summary>
    public IUsableCredentialSource NewUsableCredentials() => Start().GetRequiredService<IUsableCredentialSource>();

    /// <summary>The sweep of a new process, with the repair's reaper and user deletion.</summary>
    public RefreshSweepService NewSweep() => Start().GetRequiredService<RefreshSweepService>();

    /// <summary>
    /// Stores an oauth2 credential as the OAuth callback would: secret, index entry, row (in an inline mode the bundle sealed into
    /// the row, unless <paramref name="legacy"/> asks for a row from before that, whose bundle is in the secret store).
    /// </summary>
    public async Task<Credential> SeedAsync(TimeSpan expiresIn, string refreshToken = "rt-0", bool legacy = false)
    {
        var now = Clock.GetUtcNow();
        var expiresAt = now + expiresIn;
        var userId = ResourceIds.New(ResourceIds.User);
        var next = RefreshSchedule.NextRefreshAt(Catalog.Find(ConnectorId)!.OAuth2!, expiresAt, now, Options.Value.RefreshWindow);
        var credential = new Credential
        {
            CredentialId = ResourceIds.NewCredential(userId),
            TenantId = ResourceIds.New(ResourceIds.Tenant),
            UserId = userId,
            ConnectorId = ConnectorId,
            AuthenticationType = AuthenticationTypes.OAuth2,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = expiresAt,
            NextRefreshAt = next,
            AuthConfigId = AuthConfig.DeploymentId,
            AuthConfigVersion = 0,
        };
        var bundle = new SecretBundle { Tokens = new OAuthTokens { AccessToken = "at-0", RefreshToken = refreshToken, ExpiresAt = expiresAt } };
        if (Mode == SecretStoreKind.KeyVault || legacy)
        {
            await Secrets.SetAsync(credential.SecretAddress, bundle.ToBytes());
        }
        else
        {
            credential = await Bundles.SealNewAsync(credential, bundle);
        }

        await Index.AddAsync(credential.CredentialId, next!.Value);
        await Credentials.CreateAsync(credential);
        return credential;
    }

    /// <summary>The row and its bundle, wherever the mode keeps it.</summary>
    public async Task<(Credential Credential, SecretBundle Bundle)> ReadAsync(string credentialId)
    {
        var credential = (await Credentials.GetAsync(credentialId))!.Value.Credential;
        return (credential, (await Bundles.ReadAsync(credential))!);
    }

    /// <summary>How the harness's processes place bundles (of one process, for seeding and reading).</summary>
    public CredentialBundles Bundles => bundles ??= Start().GetRequiredService<CredentialBundles>();

    private CredentialBundles? bundles;

    public void Dispose()
    {
        foreach (var process in processes)
        {
            process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Directory.Delete(folder, recursive: true);
    }

    private ServiceProcess Start()
    {
        var process = deployment.StartProcess();
        processes.Add(process);
        return process;
    }
}

/// <summary>A token endpoint that rotates refresh tokens, refuses replays like a real server, and answers scripted failures.</summary>
public sealed class ScriptedTokenEndpoint : HttpMessageHandler
{
    private readonly ConcurrentQueue<(HttpStatusCode Status, string Body)> scripted = new();
    private readonly ConcurrentDictionary<string, bool> usedRefreshTokens = new(StringComparer.Ordinal);
    private int calls;
    private int issued;

    public int Calls => Volatile.Read(ref calls);

    /// <summary>Refresh tokens presented a second time (a lost token makes a worker retry with the dead one).</summary>
    public int Replays => Volatile.Read(ref replays);

    /// <summary>The last refresh token issued, which the stored secret must hold.</summary>
    public string? LastIssuedRefreshToken { get; private set; }

    private int replays;

    public TimeSpan Delay { get; set; }

    /// <summary>Runs inside the next token call, before it answers (to stage what another worker does meanwhile).</summary>
    public Func<Task>? DuringNextCall { get; set; }

    public int ExpiresInSeconds { get; set; } = 3600;

    private Func<Task>? duringNextCallTaken;

    public void Enqueue(HttpStatusCode status, string body) => scripted.Enqueue((status, body));

    /// <summary>Arms <see cref="DuringNextCall"/>.</summary>
    public void Arm() => duringNextCallTaken = DuringNextCall;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        var form = await request.Content!.ReadAsStringAsync(cancellationToken);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Interlocked.Exchange(ref duringNextCallTaken, null) is { } during)
        {
            await during();
        }

        if (scripted.TryDequeue(out var answer))
        {
            return Json(answer.Status, answer.Body);
        }

        var presented = Uri.UnescapeDataString(form.Split('&').Single(p => p.StartsWith("refresh_token=", StringComparison.Ordinal))["refresh_token=".Length..]);
        if (!usedRefreshTokens.TryAdd(presented, true))
        {
            Interlocked.Increment(ref replays);
            return Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");
        }

        var n = Interlocked.Increment(ref issued);
        LastIssuedRefreshToken = $"rt-{n}";
        return Json(HttpStatusCode.OK, $$"""{"access_token":"at-{{n}}","refresh_token":"rt-{{n}}","expires_in":{{ExpiresInSeconds}},"token_type":"Bearer"}""");
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

/// <summary>A credential store that can fail the next metadata write of a refresh (the crash window after the secret was stored).</summary>
public sealed class FaultyCredentialStore(TableProvider tables) : CredentialStore(tables)
{
    private int reads;
    private readonly List<string> operations = [];

    /// <summary>Every storage call on credential rows so far, in order.</summary>
    public IReadOnlyList<string> Operations
    {
        get
        {
            lock (operations)
            {
                return [.. operations];
            }
        }
    }

    private void Note(string operation)
    {
        lock (operations)
        {
            operations.Add(operation);
        }
    }

    public override Task CreateAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        Note("insert row");
        return base.CreateAsync(credential, cancellationToken);
    }

    public override Task<bool> DeleteAsync(string credentialId, ETag etag, CancellationToken cancellationToken = default)
    {
        Note("delete row");
        return base.DeleteAsync(credentialId, etag, cancellationToken);
    }

    public override Task<ETag?> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        Note("row transaction");
        return base.SubmitAsync(actions, cancellationToken);
    }

    public override Task<IReadOnlyList<ETag>?> SubmitForETagsAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        Note("row transaction");
        return base.SubmitForETagsAsync(actions, cancellationToken);
    }

    public override Task<int> CountVisibleAsync(string userId, int stopAt, CancellationToken cancellationToken = default)
    {
        Note("count rows");
        return base.CountVisibleAsync(userId, stopAt, cancellationToken);
    }

    public int FailNextGenerationWrites { get; set; }

    /// <summary>Point reads of credential rows so far.</summary>
    public int Reads => Volatile.Read(ref reads);

    public override Task<(Credential Credential, ETag ETag)?> GetAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref reads);
        Note("read row");
        return base.GetAsync(credentialId, cancellationToken);
    }

    public override Task<ETag?> TryReplaceAsync(Credential credential, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);

        // The commit after a successful refresh clears the lease and carries the new generation.
        if (FailNextGenerationWrites > 0 && credential.LeaseUntil is null && credential.SecretGeneration > 1 && credential.RefreshError is null)
        {
            FailNextGenerationWrites--;
            throw new RequestFailedException(503, "injected: storage unavailable");
        }

        Note("replace row");
        return base.TryReplaceAsync(credential, etag, cancellationToken);
    }
}

/// <summary>A counted process's storage calls: its own (index, secrets) and the shared credential store's, since the last restart.</summary>
public sealed class CountedCalls(Credentials.TestSupport.Crashes.CrashPolicy policy, FaultyCredentialStore rows)
{
    private int rowsAtRestart = rows.Operations.Count;

    /// <summary>Storage calls since the last <see cref="Restart"/>.</summary>
    public int Count => policy.Count + rows.Operations.Count - rowsAtRestart;

    /// <summary>What they were (the process's first, then the credential rows').</summary>
    public IReadOnlyList<string> Calls => [.. policy.Calls, .. rows.Operations.Skip(rowsAtRestart)];

    /// <summary>Counts from zero again.</summary>
    public void Restart()
    {
        policy.Restart();
        rowsAtRestart = rows.Operations.Count;
    }
}

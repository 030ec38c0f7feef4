using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.TestSupport.KeyVault;

/// <summary>An in-process HTTPS fake of the Key Vault secrets REST API (challenge auth, versions, soft delete, injected faults) for driving the real <see cref="SecretClient"/>.</summary>
/// <remarks>
/// Implements what the credentials service uses: PUT/GET/DELETE <c>/secrets/{name}</c>,
/// GET <c>/secrets/{name}/{version}</c>, GET <c>/secrets/{name}/versions</c> (one page) and
/// GET and DELETE (purge) <c>/deletedsecrets/{name}</c>, with the service's JSON shapes and error codes. Anything else
/// answers 404 <c>NotFound</c> naming the unimplemented route, so a test fails loudly.
/// </remarks>
public sealed class FakeKeyVaultServer : IAsyncDisposable
{
    /// <summary>The tenant named in the challenge; the SDK asks its credential for a token in this tenant.</summary>
    public const string TenantId = "00000000-0000-4000-8000-00000000face";

    /// <summary>The resource named in the challenge; the SDK turns it into the scope <c>https://vault.azure.net/.default</c>.</summary>
    public const string Resource = "https://vault.azure.net";

    /// <summary>The only bearer token the fake accepts; <see cref="FakeKeyVaultCredential"/> issues it.</summary>
    public const string AccessToken = "fake-key-vault-access-token";

    private const int RecoverableDays = 90;

    private readonly object _gate = new();
    private readonly Dictionary<string, SecretState> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FakeKeyVaultRequest> _requests = [];
    private readonly List<HttpMessageHandler> _handlers = [];
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private Uri? _vaultUri;
    private int _faultsLeft;
    private int _faultsSkip;
    private HttpStatusCode _faultStatus;
    private TimeSpan _faultRetryAfter;
    private DateTimeOffset _windowStart;
    private int _windowTransactions;

    private FakeKeyVaultServer(TimeProvider time)
    {
        _time = time;
        Certificate = CreateCertificate();

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        X509Certificate2 certificate = Certificate;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The vault URI to give a <see cref="SecretClient"/>, e.g. <c>https://127.0.0.1:49152/</c>.</summary>
    public Uri VaultUri => _vaultUri ?? throw new InvalidOperationException("The fake vault has not started.");

    /// <summary>The self-signed server certificate (SAN IP 127.0.0.1 and DNS localhost), made for this instance.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The credential the clients from <see cref="CreateSecretClient"/> use.</summary>
    public FakeKeyVaultCredential Credential { get; } = new();

    /// <summary>Every request answered so far, in arrival order.</summary>
    public IReadOnlyList<FakeKeyVaultRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a fake vault on a free loopback port.</summary>
    public static async Task<FakeKeyVaultServer> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeKeyVaultServer(timeProvider ?? TimeProvider.System);
        try
        {
            await server._app.StartAsync(cancellationToken);
            string address = server._app.Services.GetRequiredService<IServer>()
                .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            server._vaultUri = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A real <see cref="SecretClient"/> for this vault: trusts exactly this server's certificate, uses <see cref="Credential"/>, and retries fast.</summary>
    public SecretClient CreateSecretClient(Action<SecretClientOptions>? configure = null)
    {
        var options = new SecretClientOptions
        {
            // The challenge names vault.azure.net, which 127.0.0.1 is not a subdomain of.
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(CreateTrustingHandler()),
        };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(options);
        return new SecretClient(VaultUri, Credential, options);
    }

    /// <summary>An HTTP handler that trusts this server's certificate and no other; disposed with the server.</summary>
    public HttpMessageHandler CreateTrustingHandler()
    {
        byte[] pinned = Certificate.GetCertHash(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // The chain error is expected (self-signed, in no store); the pin is what grants trust.
                // A name mismatch is still refused, so the certificate's SAN is exercised too.
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null
                    && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                    && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned),
            },
        };
        lock (_gate)
        {
            _handlers.Add(handler);
        }

        return handler;
    }

    /// <summary>The length of the window Key Vault counts transactions in (its service limits are per vault per 10 s).</summary>
    public static readonly TimeSpan ThrottleWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Secret transactions allowed per vault per <see cref="ThrottleWindow"/>: 4,000, Key Vault's documented limit for secrets
    /// (all transaction types together). Over it the vault answers 429 <c>Throttled</c> with <c>Retry-After</c> until the window
    /// ends; like the service, refused and failed requests do not count. Lower it to make a test meet the limit.
    /// </summary>
    public int SecretTransactionLimit { get; set; } = 4000;

    /// <summary>
    /// Whether the vault has purge protection (the template turns it on): a purge then answers 403 and the deleted secret stays
    /// recoverable until its retention ends. Off: a purge removes it and frees its name.
    /// </summary>
    public bool PurgeProtection { get; set; } = true;

    /// <summary>Answers the next <paramref name="count"/> authenticated requests with <paramref name="status"/> and a <c>Retry-After</c> header (whole seconds, default 0).</summary>
    public void FailNextRequests(int count, HttpStatusCode status = HttpStatusCode.TooManyRequests, TimeSpan? retryAfter = null)
        => FailRequestsAfter(0, count, status, retryAfter);

    /// <summary>Lets <paramref name="skip"/> authenticated requests through, then answers the <paramref name="count"/> after them like <see cref="FailNextRequests"/>.</summary>
    public void FailRequestsAfter(int skip, int count, HttpStatusCode status = HttpStatusCode.TooManyRequests, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _faultsSkip = skip;
            _faultsLeft = count;
            _faultStatus = status;
            _faultRetryAfter = retryAfter ?? TimeSpan.Zero;
        }
    }

    /// <summary>How many requests arrived with this method and path (path without query; a trailing slash is ignored).</summary>
    public int CountRequests(string method, string path)
    {
        string normalised = NormalisePath(path);
        lock (_gate)
        {
            return _requests.Count(r =>
                string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
                && string.Equals(r.Path, normalised, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Every stored version of a secret, oldest first (also while it is soft-deleted); empty if it never existed.</summary>
    public IReadOnlyList<FakeSecretVersion> GetVersions(string name)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue(name, out SecretState? state) ? [.. state.Versions] : [];
        }
    }

    /// <summary>Whether the secret is in the soft-deleted state.</summary>
    public bool IsDeleted(string name)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue(name, out SecretState? state) && state.DeletedOn is not null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_gate)
        {
            foreach (HttpMessageHandler handler in _handlers)
            {
                handler.Dispose();
            }

            _handlers.Clear();
        }

        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        byte[] body = buffer.ToArray();

        string path = NormalisePath(request.Path.Value ?? "/");
        bool authorized = string.Equals(request.Headers.Authorization.ToString(), "Bearer " + AccessToken, StringComparison.Ordinal);
        string? apiVersion = request.Query["api-version"].FirstOrDefault();
        var vault = new Uri($"https://{request.Host.Value}/");

        FakeResponse response;
        lock (_gate)
        {
            // Decided and recorded under one lock so the record order is the answer order.
            response = Dispatch(request.Method, path, apiVersion, authorized, body, vault);
            _requests.Add(new FakeKeyVaultRequest(request.Method.ToUpperInvariant(), path, authorized, body.Length, (int)response.Status, apiVersion));
        }

        context.Response.StatusCode = (int)response.Status;
        foreach ((string name, string value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(), context.RequestAborted);
        }
    }

    private FakeResponse Dispatch(string method, string path, string? apiVersion, bool authorized, byte[] body, Uri vault)
    {
        if (!authorized)
        {
            // Key Vault's challenge: the SDK reads authorization (the tenant) and resource (the scope) from it.
            return Error(HttpStatusCode.Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.") with
            {
                Headers = [("WWW-Authenticate", $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"{Resource}\"")],
            };
        }

        if (_faultsLeft > 0 && _faultsSkip-- <= 0)
        {
            _faultsLeft--;
            string code = _faultStatus switch
            {
                HttpStatusCode.TooManyRequests => "Throttled",
                HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
                _ => "InternalError",
            };
            string seconds = ((long)_faultRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Error(_faultStatus, code, "Injected fault.") with { Headers = [("Retry-After", seconds)] };
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter", "The api-version query parameter is missing.");
        }

        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && !IsValidName(segments[1]))
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter", $"The request URI contains an invalid name: {segments[1]}");
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (now >= _windowStart + ThrottleWindow)
        {
            _windowStart = now;
            _windowTransactions = 0;
        }

        if (_windowTransactions >= SecretTransactionLimit)
        {
            string wait = Math.Max(1, (long)Math.Ceiling((_windowStart + ThrottleWindow - now).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Error(HttpStatusCode.TooManyRequests, "Throttled", "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached") with { Headers = [("Retry-After", wait)] };
        }

        FakeResponse answer = Route(method, path, body, vault);
        if ((int)answer.Status < 400)
        {
            _windowTransactions++;
        }

        return answer;
    }

    private FakeResponse Route(string method, string path, byte[] body, Uri vault)
    {
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (method.ToUpperInvariant(), segments) switch
        {
            ("PUT", ["secrets", string name]) => SetSecret(name, body, vault),
            ("GET", ["secrets", string name]) => GetSecret(name, version: null, vault),
            ("DELETE", ["secrets", string name]) => DeleteSecret(name, vault),
            ("GET", ["secrets", string name, "versions"]) => ListVersions(name, vault),
            ("GET", ["secrets", string name, string version]) => GetSecret(name, version, vault),
            ("GET", ["deletedsecrets", string name]) => GetDeletedSecret(name, vault),
            ("DELETE", ["deletedsecrets", string name]) => PurgeDeletedSecret(name),
            _ => Error(HttpStatusCode.NotFound, "NotFound", $"The fake vault does not implement {method} {path}."),
        };
    }

    private FakeResponse SetSecret(string name, byte[] body, Uri vault)
    {
        if (_secrets.TryGetValue(name, out SecretState? state) && state.DeletedOn is not null)
        {
            return Error(
                HttpStatusCode.Conflict,
                "Conflict",
                $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.",
                innerCode: "ObjectIsDeletedButRecoverable");
        }

        JsonObject? parameters;
        try
        {
            parameters = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            parameters = null;
        }

        if (parameters?["value"] is not JsonValue valueNode || !valueNode.TryGetValue(out string? value))
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter", "The request body must be a JSON object with a string 'value'.");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parameters["tags"] is JsonObject tagNodes)
        {
            foreach ((string key, JsonNode? tag) in tagNodes)
            {
                tags[key] = tag?.GetValue<string>() ?? string.Empty;
            }
        }

        bool enabled = parameters["attributes"]?["enabled"]?.GetValue<bool>() ?? true;
        var version = new FakeSecretVersion(
            Name: state?.Versions[0].Name ?? name,
            Version: Guid.NewGuid().ToString("N"),
            Value: value,
            ContentType: parameters["contentType"]?.GetValue<string>(),
            Tags: tags,
            Enabled: enabled,
            CreatedOn: _time.GetUtcNow());

        if (state is null)
        {
            state = new SecretState();
            _secrets[name] = state;
        }

        state.Versions.Add(version);
        return Ok(SecretBundle(version, vault, includeValue: true));
    }

    private FakeResponse GetSecret(string name, string? version, Uri vault)
    {
        if (!_secrets.TryGetValue(name, out SecretState? state) || state.DeletedOn is not null)
        {
            return SecretNotFound(name);
        }

        FakeSecretVersion? found = version is null
            ? state.Versions[^1]
            : state.Versions.Find(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));
        if (found is null)
        {
            return SecretNotFound($"{name}/{version}");
        }

        return found.Enabled
            ? Ok(SecretBundle(found, vault, includeValue: true))
            : Error(HttpStatusCode.Forbidden, "Forbidden", "Operation get is not allowed on a disabled secret.", innerCode: "SecretDisabled");
    }

    private FakeResponse ListVersions(string name, Uri vault)
    {
        var items = new JsonArray();
        if (_secrets.TryGetValue(name, out SecretState? state) && state.DeletedOn is null)
        {
            foreach (FakeSecretVersion version in state.Versions)
            {
                items.Add(SecretBundle(version, vault, includeValue: false));
            }
        }

        return Ok(new JsonObject { ["value"] = items, ["nextLink"] = null });
    }

    private FakeResponse DeleteSecret(string name, Uri vault)
    {
        if (!_secrets.TryGetValue(name, out SecretState? state) || state.DeletedOn is not null)
        {
            return SecretNotFound(name);
        }

        // Soft delete: the name and its versions stay, unreadable, until purged (never with purge protection).
        state.DeletedOn = _time.GetUtcNow();
        return Ok(DeletedSecretBundle(state, vault));
    }

    private FakeResponse PurgeDeletedSecret(string name)
    {
        if (!_secrets.TryGetValue(name, out SecretState? state) || state.DeletedOn is null)
        {
            return Error(HttpStatusCode.NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");
        }

        if (PurgeProtection)
        {
            return Error(HttpStatusCode.Forbidden, "Forbidden", "Operation \"purge\" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.");
        }

        _secrets.Remove(name);
        return new FakeResponse(HttpStatusCode.NoContent, null, []);
    }

    private FakeResponse GetDeletedSecret(string name, Uri vault)
    {
        return _secrets.TryGetValue(name, out SecretState? state) && state.DeletedOn is not null
            ? Ok(DeletedSecretBundle(state, vault))
            : Error(HttpStatusCode.NotFound, "SecretNotFound", $"Deleted Secret not found: {name}");
    }

    private static JsonObject SecretBundle(FakeSecretVersion version, Uri vault, bool includeValue)
    {
        var json = new JsonObject();
        if (includeValue)
        {
            json["value"] = version.Value;
        }

        if (version.ContentType is not null)
        {
            json["contentType"] = version.ContentType;
        }

        json["id"] = new Uri(vault, $"secrets/{version.Name}/{version.Version}").AbsoluteUri;
        json["attributes"] = new JsonObject
        {
            ["enabled"] = version.Enabled,
            ["created"] = version.CreatedOn.ToUnixTimeSeconds(),
            ["updated"] = version.CreatedOn.ToUnixTimeSeconds(),
            ["recoveryLevel"] = "Recoverable+Purgeable",
            ["recoverableDays"] = RecoverableDays,
        };
        if (version.Tags.Count > 0)
        {
            var tags = new JsonObject();
            foreach ((string key, string value) in version.Tags)
            {
                tags[key] = value;
            }

            json["tags"] = tags;
        }

        return json;
    }

    private static JsonObject DeletedSecretBundle(SecretState state, Uri vault)
    {
        // Like the service, the deleted bundle describes the latest version but carries no value.
        FakeSecretVersion latest = state.Versions[^1];
        DateTimeOffset deletedOn = state.DeletedOn!.Value;
        JsonObject json = SecretBundle(latest, vault, includeValue: false);
        json["recoveryId"] = new Uri(vault, $"deletedsecrets/{latest.Name}").AbsoluteUri;
        json["deletedDate"] = deletedOn.ToUnixTimeSeconds();
        json["scheduledPurgeDate"] = deletedOn.AddDays(RecoverableDays).ToUnixTimeSeconds();
        return json;
    }

    private static FakeResponse SecretNotFound(string nameOrId) => Error(
        HttpStatusCode.NotFound,
        "SecretNotFound",
        $"A secret with (name/id) {nameOrId} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.");

    private static FakeResponse Ok(JsonObject body) => new(HttpStatusCode.OK, body, []);

    private static FakeResponse Error(HttpStatusCode status, string code, string message, string? innerCode = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = innerCode };
        }

        return new FakeResponse(status, new JsonObject { ["error"] = error }, []);
    }

    // Key Vault object names: 1-127 characters of letters, digits and dashes.
    private static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 127 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string NormalisePath(string path) =>
        "/" + string.Join('/', path.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries));

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication") }, critical: false));

        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Round-trip through PKCS#12: SslStream cannot use an ephemeral key on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    private sealed class SecretState
    {
        public List<FakeSecretVersion> Versions { get; } = [];

        public DateTimeOffset? DeletedOn { get; set; }
    }

    private sealed record FakeResponse(HttpStatusCode Status, JsonObject? Body, IReadOnlyList<(string Name, string Value)> Headers);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Credentials.TestOAuthServer;

/// <summary>A real OAuth 2.0 authorization server (OpenIddict, in-memory EF Core token store) hosted in-process on a loopback Kestrel port, with counters and fault injection for tests.</summary>
public sealed class TestAuthorizationServer : IAsyncDisposable
{
    private const string CookieScheme = "TestAuthorizationServer.Cookie";
    private const string AuthorizePath = "/connect/authorize";
    private const string TokenPath = "/connect/token";
    private const string RevokePath = "/connect/revoke";
    private const string LoginPath = "/account/login";
    private const string LandingPath = "/client/landed";
    private const string ApiPath = "/api/me";

    /// <summary>One EF Core internal service provider for every server in the process (each server still has its own database root).</summary>
    private static readonly IServiceProvider EfInternalServices =
        new ServiceCollection().AddEntityFrameworkInMemoryDatabase().BuildServiceProvider();

    private readonly TestAuthorizationServerOptions _options;
    private readonly ConcurrentDictionary<string, int> _tokenRequestsByGrant = new(StringComparer.Ordinal);
    private readonly List<string> _revokedTokens = [];
    private readonly Lock _faultLock = new();
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly RSA _encryptionKey = RSA.Create(2048);
    private WebApplication? _app;
    private int _tokenRequestCount;
    private int _revocationCount;
    private int _faultsLeft;
    private int _faultStatusCode;
    private string? _faultError;
    private TimeSpan? _faultRetryAfter;

    private TestAuthorizationServer(TestAuthorizationServerOptions options, Uri issuer)
    {
        _options = options;
        Issuer = issuer;
        AuthorizationEndpoint = new Uri(issuer, AuthorizePath);
        TokenEndpoint = new Uri(issuer, TokenPath);
        RevocationEndpoint = new Uri(issuer, RevokePath);
        ApiEndpoint = new Uri(issuer, ApiPath);
        ClientLandingPage = new Uri(issuer, LandingPath);
    }

    /// <summary>The issuer identifier, for example <c>http://127.0.0.1:PORT/</c>; also the value of <c>iss</c> in authorization responses.</summary>
    public Uri Issuer { get; }

    /// <summary>The authorization endpoint (<c>/connect/authorize</c>).</summary>
    public Uri AuthorizationEndpoint { get; }

    /// <summary>The token endpoint (<c>/connect/token</c>).</summary>
    public Uri TokenEndpoint { get; }

    /// <summary>The token revocation endpoint (<c>/connect/revoke</c>, RFC 7009).</summary>
    public Uri RevocationEndpoint { get; }

    /// <summary>A protected resource (<c>/api/me</c>) that validates the bearer access token and returns <c>{"sub","scope","client_id"}</c>, or 401 with WWW-Authenticate.</summary>
    public Uri ApiEndpoint { get; }

    /// <summary>A page on this server (<c>/client/landed</c>) usable as a client's redirect URI; it only echoes its query string.</summary>
    public Uri ClientLandingPage { get; }

    /// <summary>The discovery document (<c>/.well-known/openid-configuration</c>).</summary>
    public Uri DiscoveryEndpoint => new(Issuer, ".well-known/openid-configuration");

    /// <summary>Every POST to the token endpoint, including those answered by fault injection.</summary>
    public int TokenRequestCount => Volatile.Read(ref _tokenRequestCount);

    /// <summary>The number of revocation endpoint POSTs.</summary>
    public int RevocationCount => Volatile.Read(ref _revocationCount);

    /// <summary>The raw token strings the revocation endpoint received, in order (test-only).</summary>
    public IReadOnlyList<string> RevokedTokens
    {
        get
        {
            lock (_revokedTokens)
            {
                return [.. _revokedTokens];
            }
        }
    }

    /// <summary>Starts a server on a loopback port with its own DI container and its own in-memory token database.</summary>
    public static async Task<TestAuthorizationServer> StartAsync(TestAuthorizationServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var attempts = options.Port is null ? 5 : 1;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FindFreePort();
            var server = new TestAuthorizationServer(options, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
            try
            {
                await server.StartCoreAsync(port, cancellationToken);
                return server;
            }
            catch (IOException) when (attempt < attempts)
            {
                // The free port was taken between probing and binding: try another.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The number of token endpoint POSTs with the given <c>grant_type</c>.</summary>
    public int TokenRequestCountFor(string grantType) =>
        _tokenRequestsByGrant.TryGetValue(grantType, out var count) ? count : 0;

    /// <summary>Answers the next <paramref name="count"/> token requests with <paramref name="statusCode"/> and <c>{"error": error}</c> (default <c>temporarily_unavailable</c>) before OpenIddict sees them, so no code or refresh token is consumed.</summary>
    public void FailNextTokenRequests(int count, int statusCode, string? error = null, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        lock (_faultLock)
        {
            _faultsLeft = count;
            _faultStatusCode = statusCode;
            _faultError = error;
            _faultRetryAfter = retryAfter;
        }
    }

    /// <summary>Emulates the end user disconnecting the app at the provider: revokes every authorization and token of the subject, so later refreshes get <c>invalid_grant</c>.</summary>
    public async Task RevokeAllGrantsAsync(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var app = _app ?? throw new InvalidOperationException("The server is not started.");
        await using var scope = app.Services.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();

        // Bulk revocations work on the in-memory store through InMemoryAuthorizationManager/InMemoryTokenManager.
        await authorizations.RevokeBySubjectAsync(subject);
        await tokens.RevokeBySubjectAsync(subject);
    }

    /// <summary>Stops Kestrel and disposes the server's container and database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            try
            {
                await app.StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Never started (the port was taken).
            }

            await app.DisposeAsync();
        }

        _signingKey.Dispose();
        _encryptionKey.Dispose();
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartCoreAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestAuthorizationServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (_options.LoggerProvider is { } loggerProvider)
        {
            builder.Logging.AddProvider(loggerProvider);
        }

        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        ConfigureServices(builder.Services);

        var app = builder.Build();
        _app = app;
        ConfigurePipeline(app);

        await SeedClientsAsync(app.Services, cancellationToken);
        await app.StartAsync(cancellationToken);
    }

    private void ConfigureServices(IServiceCollection services)
    {
        services.AddDataProtection();
        services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = new InMemoryXmlRepository());

        var databaseName = "TestAuthorizationServer-" + Guid.NewGuid().ToString("N");
        var databaseRoot = new InMemoryDatabaseRoot();
        services.AddDbContext<TestServerDbContext>(db => db
            .UseInMemoryDatabase(databaseName, databaseRoot)
            .UseInternalServiceProvider(EfInternalServices));

        services.AddAuthentication().AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "test_oauth_server_user";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAuthorizationBuilder().AddPolicy("api", policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser());

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<TestServerDbContext>();
                core.ReplaceTokenManager(typeof(InMemoryTokenManager<>));
                core.ReplaceAuthorizationManager(typeof(InMemoryAuthorizationManager<>));
            })
            .AddServer(server =>
            {
                server.SetIssuer(Issuer);
                server.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(TokenPath.TrimStart('/'))
                    .SetRevocationEndpointUris(RevokePath.TrimStart('/'));

                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();
                server.Configure(o =>
                {
                    // S256 only: "plain" gives no protection against a leaked authorization request.
                    o.CodeChallengeMethods.Clear();
                    o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                server.RegisterScopes([.. _options.Scopes]);

                server.SetAccessTokenLifetime(_options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(_options.RefreshTokenLifetime)
                    // Rolling refresh tokens are OpenIddict's default; the default 30 s reuse leeway would let a
                    // replayed refresh token through, so a redeemed one must fail at once.
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);

                // Fresh in-memory RSA keys per server: what AddEphemeralEncryptionKey()/AddEphemeralSigningKey() do, but
                // those took 3-4 s per server instance here against about 0.5 s for two RSA.Create(2048).
                server.AddEncryptionKey(new RsaSecurityKey(_encryptionKey) { KeyId = Guid.NewGuid().ToString("N") })
                    .AddSigningKey(new RsaSecurityKey(_signingKey) { KeyId = Guid.NewGuid().ToString("N") })
                    // Access tokens are signed JWTs that tests can read.
                    .DisableAccessTokenEncryption();

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();

                server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler
                    .UseInlineHandler(context => EnforceClientAuthenticationMethodAsync(context, context.Request.ClientId))
                    .SetOrder(int.MinValue + 100_000)
                    .SetType(OpenIddictServerHandlerType.Custom));
                server.AddEventHandler<OpenIddictServerEvents.ValidateRevocationRequestContext>(handler => handler
                    .UseInlineHandler(context => EnforceClientAuthenticationMethodAsync(context, context.Request.ClientId))
                    .SetOrder(int.MinValue + 100_000)
                    .SetType(OpenIddictServerHandlerType.Custom));
                server.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(handler => handler
                    .UseInlineHandler(AddExtraTokenResponseParameters)
                    .SetOrder(int.MinValue + 100_000)
                    .SetType(OpenIddictServerHandlerType.Custom));
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
                // Revoked tokens and authorizations are refused at the API too, not only at the token endpoint.
                validation.EnableTokenEntryValidation();
                validation.EnableAuthorizationEntryValidation();
            });
    }

    private void ConfigurePipeline(WebApplication app)
    {
        // Before authentication: OpenIddict handles its endpoints inside the authentication middleware, so the
        // counters see every request and an injected fault answers before any code or refresh token is consumed.
        app.Use(CountAndInjectFaultsAsync);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync).DisableAntiforgery();
        app.MapPost(TokenPath, (Delegate)ExchangeAsync).DisableAntiforgery();
        app.MapGet(LoginPath, (HttpContext context) =>
            Results.Content(HtmlPages.Login(LocalReturnUrl(context.Request.Query["returnUrl"]), error: null), "text/html; charset=utf-8"));
        app.MapPost(LoginPath, (Delegate)LoginAsync).DisableAntiforgery();
        app.MapGet(LandingPath, (HttpContext context) =>
            Results.Content(HtmlPages.Landed(context.Request.QueryString.Value ?? string.Empty), "text/html; charset=utf-8"));
        app.MapGet(ApiPath, (ClaimsPrincipal user) => Results.Json(new Dictionary<string, string?>
        {
            ["sub"] = user.GetClaim(Claims.Subject),
            ["scope"] = string.Join(' ', user.GetScopes()),
            ["client_id"] = user.GetClaim(Claims.ClientId),
        })).RequireAuthorization("api");
    }

    private async Task CountAndInjectFaultsAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(TokenPath, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tokenRequestCount);
            var grantType = request.HasFormContentType ? (await request.ReadFormAsync(context.RequestAborted))[Parameters.GrantType].ToString() : string.Empty;
            _tokenRequestsByGrant.AddOrUpdate(grantType, 1, (_, count) => count + 1);

            if (TryTakeFault(out var statusCode, out var error, out var retryAfter))
            {
                context.Response.StatusCode = statusCode;
                context.Response.Headers.CacheControl = "no-store";
                if (retryAfter is { } delay)
                {
                    context.Response.Headers.RetryAfter = Math.Ceiling(delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                if (statusCode == StatusCodes.Status401Unauthorized)
                {
                    context.Response.Headers.WWWAuthenticate = "Basic realm=\"test\"";
                }

                await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { [Parameters.Error] = error }, context.RequestAborted);
                return;
            }
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.Equals(RevokePath, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _revocationCount);
            if (request.HasFormContentType)
            {
                var token = (await request.ReadFormAsync(context.RequestAborted))[Parameters.Token].ToString();
                lock (_revokedTokens)
                {
                    _revokedTokens.Add(token);
                }
            }
        }

        await next();
    }

    private bool TryTakeFault(out int statusCode, out string error, out TimeSpan? retryAfter)
    {
        lock (_faultLock)
        {
            statusCode = _faultStatusCode;
            error = _faultError ?? Errors.TemporarilyUnavailable;
            retryAfter = _faultRetryAfter;
            if (_faultsLeft <= 0)
            {
                return false;
            }

            _faultsLeft--;
            return true;
        }
    }

    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");

        if (_options.AutoApproveSubject is { } autoSubject)
        {
            return SignIn(CreatePrincipal(autoSubject, request.GetScopes()));
        }

        var parameters = RequestParameters(context.Request);
        var user = await context.AuthenticateAsync(CookieScheme);
        if (user.Principal?.GetClaim(Claims.Subject) is not { } subject)
        {
            var returnUrl = AuthorizePath + QueryString.Create(parameters).ToUriComponent();
            return Results.Redirect(LoginPath + QueryString.Create("returnUrl", returnUrl).ToUriComponent());
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Form.TryGetValue("consent", out var consent))
        {
            if (string.Equals(consent, "allow", StringComparison.Ordinal))
            {
                return SignIn(CreatePrincipal(subject, request.GetScopes()));
            }

            // The end user refused: OpenIddict redirects to the client with error=access_denied.
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The end user denied the authorization request.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        return Results.Content(
            HtmlPages.Consent(subject, request.ClientId ?? string.Empty, request.Scope ?? string.Empty,
                parameters.Where(p => p.Key != "consent").Select(p => new KeyValuePair<string, string>(p.Key, p.Value ?? string.Empty))),
            "text/html; charset=utf-8");
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            throw new InvalidOperationException("OpenIddict only lets the authorization code and refresh token grants through.");
        }

        // OpenIddict has validated the client, the code (with its PKCE verifier) or the refresh token, and their
        // token and authorization entries; reissue the principal they carried.
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal
            ?? throw new InvalidOperationException("The authorization code or refresh token principal cannot be retrieved.");
        principal.SetDestinations(static _ => [Destinations.AccessToken]);
        return SignIn(principal);
    }

    private async Task<IResult> LoginAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var username = form["username"].ToString();
        var password = form["password"].ToString();
        var returnUrl = LocalReturnUrl(form["returnUrl"]);

        if (!_options.Users.TryGetValue(username, out var expected) || !string.Equals(expected, password, StringComparison.Ordinal))
        {
            return Results.Content(HtmlPages.Login(returnUrl, "Unknown username or wrong password."), "text/html; charset=utf-8", statusCode: StatusCodes.Status200OK);
        }

        var identity = new ClaimsIdentity(CookieScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, username).SetClaim(Claims.Name, username);
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    private ClaimsPrincipal CreatePrincipal(string subject, IEnumerable<string> requestedScopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, subject);
        identity.SetScopes(requestedScopes.Where(_options.Scopes.Contains));
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    private static IResult SignIn(ClaimsPrincipal principal) =>
        Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private static List<KeyValuePair<string, string?>> RequestParameters(HttpRequest request)
    {
        IEnumerable<KeyValuePair<string, StringValues>> source = request.HasFormContentType ? request.Form : request.Query;
        return [.. source.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))];
    }

    /// <summary>Only a path on this server is an acceptable return URL (no open redirect).</summary>
    private static string LocalReturnUrl(StringValues value)
    {
        var url = value.ToString();
        return url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
    }

    private ValueTask EnforceClientAuthenticationMethodAsync(OpenIddictServerEvents.BaseValidatingContext context, string? clientId)
    {
        var client = _options.Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));
        if (client is null)
        {
            // Unknown clients are OpenIddict's to refuse.
            return ValueTask.CompletedTask;
        }

        var http = context.Transaction.GetHttpRequest()
            ?? throw new InvalidOperationException("The ASP.NET Core request cannot be retrieved.");
        var usedBasic = http.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        var usedPost = http.HasFormContentType && http.Form.ContainsKey(Parameters.ClientSecret);
        var allowed = client.Method switch
        {
            ClientAuthentication.Basic => usedBasic && !usedPost,
            ClientAuthentication.Post => usedPost && !usedBasic,
            _ => false,
        };
        if (!allowed)
        {
            var expected = client.Method == ClientAuthentication.Basic
                ? ClientAuthenticationMethods.ClientSecretBasic
                : ClientAuthenticationMethods.ClientSecretPost;
            context.Reject(Errors.InvalidClient, $"This client must authenticate with {expected}.");
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask AddExtraTokenResponseParameters(OpenIddictServerEvents.ApplyTokenResponseContext context)
    {
        if (context.Response.Error is null)
        {
            foreach (var (name, value) in _options.ExtraTokenResponseParameters)
            {
                context.Response[name] = value switch
                {
                    string text => new OpenIddictParameter(text),
                    bool flag => new OpenIddictParameter(flag),
                    int number => new OpenIddictParameter(number),
                    long number => new OpenIddictParameter(number),
                    JsonElement element => new OpenIddictParameter(element),
                    _ => new OpenIddictParameter(JsonSerializer.SerializeToElement(value, value.GetType())),
                };
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task SeedClientsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in _options.Clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Explicit,
                DisplayName = client.ClientId,
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.Endpoints.Revocation,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.GrantTypes.RefreshToken,
                    Permissions.ResponseTypes.Code,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var scopeName in _options.Scopes)
            {
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + scopeName);
            }

            foreach (var redirectUri in client.RedirectUris)
            {
                descriptor.RedirectUris.Add(redirectUri.IsAbsoluteUri ? redirectUri : new Uri(Issuer, redirectUri));
            }

            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }
}

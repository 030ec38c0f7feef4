using Microsoft.Extensions.Logging;

namespace Credentials.TestOAuthServer;

/// <summary>Configuration of one <see cref="TestAuthorizationServer"/> instance.</summary>
public sealed class TestAuthorizationServerOptions
{
    /// <summary>The confidential clients to register.</summary>
    public IList<TestClient> Clients { get; } = [];

    /// <summary>Lifetime of issued access tokens (default 60 minutes).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Lifetime of issued refresh tokens (default 14 days).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>When set, the authorization endpoint signs this subject in and approves at once, without login or consent page; when null, it shows the login page and then the consent page.</summary>
    public string? AutoApproveSubject { get; set; }

    /// <summary>Username to password map accepted by the login form.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal) { ["alice"] = "wonderland" };

    /// <summary>The registered scopes; every client may request all of them.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = ["read", "write", "offline_access"];

    /// <summary>The loopback port to listen on; null picks a free one.</summary>
    public int? Port { get; set; }

    /// <summary>Receives the server's logs (OpenIddict, ASP.NET Core) when set, for example an adapter to the test output; none are written otherwise.</summary>
    public ILoggerProvider? LoggerProvider { get; set; }

    /// <summary>Extra parameters added to every successful token response (for example Salesforce's <c>instance_url</c>); values are strings, numbers, booleans or anything JSON-serialisable.</summary>
    public IDictionary<string, object> ExtraTokenResponseParameters { get; } = new Dictionary<string, object>(StringComparer.Ordinal);
}

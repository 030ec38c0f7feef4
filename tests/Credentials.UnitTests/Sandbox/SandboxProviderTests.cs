using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.DevServer.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.Sandbox;

public class SandboxProviderTests
{
    private const string Callback = "http://127.0.0.1:7071/api/oauth/callback/sandbox";
    private const string Verifier = "a-code-verifier-of-enough-length-for-pkce-0123456789";
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void ACodeIsExchangedOnceWithItsVerifierAndASecondExchangeRevokesWhatItIssued()
    {
        var provider = new SandboxProvider(clock, TimeSpan.FromMinutes(2));
        var code = provider.IssueCode(Callback, Challenge(Verifier), "jane", ["profile"]);

        Assert.Equal("invalid_grant", provider.Exchange(CodeForm(code, "wrong-verifier-wrong-verifier-wrong-verifier")).Body["error"]);
        var issued = provider.Exchange(CodeForm(code, Verifier));
        var replay = provider.Exchange(CodeForm(code, Verifier));

        Assert.Equal(200, issued.Status);
        Assert.Equal(120L, issued.Body["expires_in"]);
        Assert.Equal("invalid_grant", replay.Body["error"]);
        Assert.Null(provider.Authenticate((string)issued.Body["access_token"]));
    }

    [Fact]
    public void RefreshTokensRotateAndAnOldOneComingBackRevokesTheGrant()
    {
        var provider = new SandboxProvider(clock, TimeSpan.FromMinutes(2));
        var first = provider.Exchange(CodeForm(provider.IssueCode(Callback, Challenge(Verifier), "jane", ["profile"]), Verifier));
        var firstRefresh = (string)first.Body["refresh_token"];

        var second = provider.Exchange(RefreshForm(firstRefresh));
        Assert.Equal(200, second.Status);
        Assert.NotEqual(firstRefresh, second.Body["refresh_token"]);
        Assert.NotNull(provider.Authenticate((string)second.Body["access_token"]));

        Assert.Equal("invalid_grant", provider.Exchange(RefreshForm(firstRefresh)).Body["error"]);
        Assert.Equal("invalid_grant", provider.Exchange(RefreshForm((string)second.Body["refresh_token"])).Body["error"]);
        Assert.Null(provider.Authenticate((string)second.Body["access_token"]));
    }

    [Fact]
    public void AccessTokensExpireAfterTheirLifetime()
    {
        var provider = new SandboxProvider(clock, TimeSpan.FromMinutes(2));
        var token = (string)provider.Exchange(CodeForm(provider.IssueCode(Callback, Challenge(Verifier), "jane", []), Verifier)).Body["access_token"];

        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.NotNull(provider.Authenticate(token));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(provider.Authenticate(token));
    }

    [Fact]
    public void TheSwitchesFailTheTokenEndpointAndRevokeEveryGrant()
    {
        var provider = new SandboxProvider(clock, TimeSpan.FromMinutes(2));
        var issued = provider.Exchange(CodeForm(provider.IssueCode(Callback, Challenge(Verifier), "jane", []), Verifier));

        provider.SetFailStatus(503);
        Assert.Equal(503, provider.Exchange(RefreshForm((string)issued.Body["refresh_token"])).Status);
        provider.SetFailStatus(null);

        Assert.Equal(1, provider.RevokeAll());
        Assert.Equal(new SandboxSwitches(null, 0, 1, 120), provider.Describe());
        Assert.Equal("invalid_grant", provider.Exchange(RefreshForm((string)issued.Body["refresh_token"])).Body["error"]);
    }

    [Fact]
    public void TheCatalogueOffersTheSandboxConnectorsOnlyWhenEnabled()
    {
        var options = new CredentialsOptions { PublicBaseUrl = new Uri("http://127.0.0.1:7071"), AllowInsecureLoopback = true };
        Assert.Null(new ConnectorCatalog(Microsoft.Extensions.Options.Options.Create(options)).Find(SandboxConnectors.OAuthConnectorId));

        options.EnableSandbox = true;
        var catalog = new ConnectorCatalog(Microsoft.Extensions.Options.Options.Create(options));

        Assert.Equal("http://127.0.0.1:7071/sandbox/oauth/token", catalog.Find(SandboxConnectors.OAuthConnectorId)!.OAuth2!.TokenUrl);
        Assert.Equal("/me", catalog.Find(SandboxConnectors.ApiKeyConnectorId)!.Api!.Verification!.Path);
    }

    private static Dictionary<string, string> CodeForm(string code, string verifier) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = Callback,
        ["code_verifier"] = verifier,
    };

    private static Dictionary<string, string> RefreshForm(string refreshToken) => new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };

    private static string Challenge(string verifier) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}

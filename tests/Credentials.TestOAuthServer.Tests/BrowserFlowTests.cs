using System.Text.RegularExpressions;

namespace Credentials.TestOAuthServer.Tests;

/// <summary>The interactive login and consent in headless Chromium (Debian package) driven by Playwright.</summary>
public sealed class BrowserFlowTests
{
    [Fact]
    public async Task ChromiumSignsInAllowsAndLandsOnTheRedirectUriWithACode()
    {
        Assert.True(File.Exists(HeadlessChromium.ExecutablePath()),
            $"{HeadlessChromium.ExecutablePath()} is missing: run {HeadlessChromium.InstallCommand}.");

        var options = new TestAuthorizationServerOptions();
        options.Clients.Add(new TestClient("browser-client", "browser-secret", ClientAuthentication.Post, [new Uri("/client/landed", UriKind.Relative)]));
        await using var server = await TestAuthorizationServer.StartAsync(options);
        var client = options.Clients[0] with { RedirectUris = [server.ClientLandingPage] };
        var (verifier, challenge) = OAuthFlow.NewPkce();

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(OAuthFlow.AuthorizeUrl(server, client, "browser-state", challenge).ToString());
        await page.FillAsync("#username", "alice");
        await page.FillAsync("#password", "wonderland");
        await page.ClickAsync("#login");
        await page.ClickAsync("#allow");
        await page.WaitForURLAsync(new Regex("/client/landed\\?.*code="), new() { Timeout = 30_000 });

        var landed = new Uri(page.Url);
        Assert.Equal(server.ClientLandingPage.AbsolutePath, landed.AbsolutePath);
        var query = OAuthFlow.Query(landed);
        Assert.Equal("browser-state", query["state"]);
        Assert.Equal(server.Issuer.ToString(), query["iss"]);

        using var http = OAuthFlow.NoRedirectClient();
        var tokens = await OAuthFlow.ExchangeCodeAsync(http, server, client, query["code"], verifier);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Credentials.TestOAuthServer;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace Credentials.EndToEndTests.Connect;

/// <summary>
/// The hosted connect page in headless Chromium against DevServer: OAuth in redirect and popup mode against the OpenIddict
/// server's login and consent pages, an API-key form with a field error the user fixes, a refused key, a server-side field
/// error, a denied consent, an expired link, search and a 360 px screen, and the CSP. Every state is screenshotted and checked
/// with axe-core.
/// </summary>
[Collection(ConnectCollection.Name)]
public class ConnectPageBrowserTests(ConnectServiceFixture service)
{
    [Fact]
    public async Task AnEndUserConnectsOAuthThroughThePageAndLandsBackInTheTenantsApp()
    {
        var (api, userId) = await service.TenantAsync("Acme CRM");
        var (sessionId, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new
        {
            userId,
            connectors = new[] { ConnectServiceFixture.OAuthConnector, ConnectServiceFixture.KeyConnector, ConnectServiceFixture.AutoConnector, "freshdesk", "openai", "stripe" },
            redirectUri = service.Landing.AbsoluteUri + "?app=crm",
        });
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;
        await page.SetViewportSizeAsync(1024, 900);

        await page.GotoAsync(url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connect an account to Acme CRM" }));
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await watched.CheckStateAsync("oauth-redirect-1-list");

        await page.GetByRole(AriaRole.Button, new() { Name = "Northwind Calendar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connect Northwind Calendar" }));
        await watched.CheckStateAsync("oauth-redirect-2-connector");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Northwind Calendar" }).ClickAsync();

        await SignInAsync(page, allow: true);
        await page.WaitForURLAsync(u => u.StartsWith(service.Landing.AbsoluteUri, StringComparison.Ordinal) && u.Contains("credentialId=", StringComparison.Ordinal), new() { Timeout = 30_000 });

        var landed = QueryHelpers.ParseQuery(new Uri(page.Url).Query);
        Assert.Equal("crm", landed["app"]);
        Assert.Equal(ConnectServiceFixture.OAuthConnector, landed["connectorId"]);
        var session = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("completed", session.GetProperty("status").GetString());
        Assert.Equal(landed["credentialId"].ToString(), Assert.Single(session.GetProperty("credentialIds").EnumerateArray()).GetString());
        Assert.Equal("active", (await api.GetFromJsonAsync<JsonElement>($"credentials/{landed["credentialId"]}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task InAPopupThePagePostsTheResultToTheOpenerOnlyAndCloses()
    {
        var (api, userId) = await service.TenantAsync("Acme CRM", accentColor: "#0f6b5c");
        var (sessionId, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.OAuthConnector }, redirectUri = service.Landing.AbsoluteUri });
        await using var chromium = await LaunchAsync();
        var opener = await chromium.NewPageAsync();
        await opener.GotoAsync(service.Landing.AbsoluteUri);
        await opener.EvaluateAsync("""
            (url) => {
              window.__messages = [];
              window.addEventListener('message', e => window.__messages.push({ origin: e.origin, data: e.data }));
              const button = document.createElement('button');
              button.id = 'open-connect';
              button.textContent = 'Connect';
              button.addEventListener('click', () => window.open(url, 'connect', 'popup,width=480,height=760'));
              document.body.append(button);
            }
            """, url);

        var popup = await opener.RunAndWaitForPopupAsync(() => opener.ClickAsync("#open-connect"));
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        var watched = await PageUnderTest.WatchAsync(popup, service.BaseAddress);
        await Expect(popup.GetByRole(AriaRole.Heading, new() { Name = "Connect Northwind Calendar" }));
        await watched.CheckStateAsync("oauth-popup-1-connector");
        await popup.GetByRole(AriaRole.Button, new() { Name = "Sign in with Northwind Calendar" }).ClickAsync();
        await SignInAsync(popup, allow: true);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var messages = await opener.EvaluateAsync<JsonElement>("() => window.__messages");
        var message = Assert.Single(messages.EnumerateArray());
        Assert.Equal(service.BaseAddress.GetLeftPart(UriPartial.Authority), message.GetProperty("origin").GetString());
        var data = message.GetProperty("data");
        Assert.Equal("credentials.connect", data.GetProperty("type").GetString());
        Assert.Equal("completed", data.GetProperty("status").GetString());
        Assert.Equal(sessionId, data.GetProperty("sessionId").GetString());
        Assert.Equal(ConnectServiceFixture.OAuthConnector, data.GetProperty("connectorId").GetString());
        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal(data.GetProperty("credentialId").GetString(), Assert.Single(polled.GetProperty("credentialIds").EnumerateArray()).GetString());
        Assert.Equal(service.Landing.AbsoluteUri, opener.Url);
    }

    [Fact]
    public async Task AnApiKeyConnectWithAFieldErrorFixedByTheUserAndARefusedKeyThenSucceedsByKeyboardAlone()
    {
        var (api, userId) = await service.TenantAsync("Acme CRM", accentColor: "#ffd166");
        var (sessionId, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.KeyConnector } });
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;

        await page.GotoAsync(url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connect Acme Desk" }));
        Assert.Equal("password", await page.GetByLabel("API key").GetAttributeAsync("type"));
        await watched.CheckStateAsync("apikey-1-form");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("field-workspace", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync("Acme Inc");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("bad-key-123");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        var workspace = page.GetByLabel("Workspace");
        await Expect(page.Locator("#field-workspace-error"), "This value does not have the expected format.");
        Assert.Equal("true", await workspace.GetAttributeAsync("aria-invalid"));
        Assert.Equal("field-workspace", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await Expect(page.GetByRole(AriaRole.Alert), "Some fields need your attention.");
        await watched.CheckStateAsync("apikey-2-field-error");

        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync("acme");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert), "The provider rejected these details. Check them and try again.");
        Assert.Null(await workspace.GetAttributeAsync("aria-invalid"));
        await watched.CheckStateAsync("apikey-3-key-refused", allowFailedRequests: true);

        await page.GetByLabel("API key").FillAsync("good-key-123");
        await page.GetByLabel("API key").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connected" }));
        await Expect(page.Locator("main"), "You can close this window now.");
        await watched.CheckStateAsync("apikey-4-connected", allowFailedRequests: true);

        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("completed", polled.GetProperty("status").GetString());
        var credentialId = Assert.Single(polled.GetProperty("credentialIds").EnumerateArray()).GetString();
        Assert.Equal("acme", (await api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}")).GetProperty("metadata").GetProperty("workspace").GetString());
        Assert.Contains(service.Upstream.Requests, r => r.Header("X-Api-Key") == "good-key-123");
    }

    [Fact]
    public async Task TheServersFieldErrorsAreShownNextToTheirFields()
    {
        var (api, userId) = await service.TenantAsync();
        var (_, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.KeyConnector } });
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;

        // What a browser check cannot see: the body is changed on its way, so the API (the authority) refuses the field itself.
        await page.RouteAsync("**/api/connect/session/credentials", async route =>
        {
            var body = route.Request.PostData!.Replace("\"workspace\":\"acme\"", "\"workspace\":\"Acme Inc\"", StringComparison.Ordinal);
            await route.ContinueAsync(new() { PostData = System.Text.Encoding.UTF8.GetBytes(body) });
        });
        await page.GotoAsync(url);
        await page.GetByLabel("Workspace").FillAsync("acme");
        await page.GetByLabel("API key").FillAsync("good-key-456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert), "Some fields need your attention.");
        var error = await page.Locator("#field-workspace-error").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.NotEqual("This value does not have the expected format.", error);
        Assert.Equal("true", await page.GetByLabel("Workspace").GetAttributeAsync("aria-invalid"));
        await watched.CheckStateAsync("apikey-server-field-error", allowFailedRequests: true);
    }

    [Fact]
    public async Task ADeniedConsentShowsItsOwnStateAndTheLinkCanBeTriedAgain()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.OAuthConnector }, redirectUri = service.Landing.AbsoluteUri });
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;

        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Northwind Calendar" }).ClickAsync();
        await SignInAsync(page, allow: false);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access was not granted" }));
        Assert.StartsWith(new Uri(service.BaseAddress, "api/connect").AbsoluteUri, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("error=", page.Url, StringComparison.Ordinal);
        await watched.CheckStateAsync("oauth-denied");
        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("pending", polled.GetProperty("status").GetString());
        Assert.Equal("access_denied", polled.GetProperty("lastError").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Northwind Calendar" }));
    }

    [Fact]
    public async Task AnExpiredLinkSaysSoAndOffersNothing()
    {
        var (api, userId) = await service.TenantAsync("Acme CRM");
        var (_, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.KeyConnector }, expiresInMinutes = 1 });
        service.Clock.Advance(TimeSpan.FromMinutes(2));
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;

        await page.GotoAsync(url);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link has expired" }));
        await Expect(page.Locator("main"), "Go back to Acme CRM and start the connection again.");
        Assert.Equal(0, await page.Locator("form, .app").CountAsync());
        await watched.CheckStateAsync("expired");
    }

    [Fact]
    public async Task AnInvalidLinkSaysSo()
    {
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;

        await page.GotoAsync(new Uri(service.BaseAddress, "api/connect?session=cns-nope#token=nope").AbsoluteUri);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link is not valid" }));
        await watched.CheckStateAsync("invalid-link");
    }

    [Fact]
    public async Task ManyConnectorsGetASearchAndThePageFitsA360PixelScreen()
    {
        var (api, userId) = await service.TenantAsync("Acme CRM");
        var (_, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId });
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;
        await page.SetViewportSizeAsync(360, 740);

        await page.GotoAsync(url);
        var apps = page.Locator(".apps > li");
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search apps" }));
        Assert.True(await apps.CountAsync() > 8);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 360 px");
        await watched.CheckStateAsync("search-1-mobile-list");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search apps" }).FillAsync("acme desk");

        await Expect(page.GetByRole(AriaRole.Status), $"1 of {await apps.CountAsync()} apps shown");
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Acme Desk" }).IsVisibleAsync());
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Northwind Calendar" }).IsVisibleAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await watched.CheckStateAsync("search-2-filtered");
    }

    [Fact]
    public async Task ThePageLoadsUnderItsEnforcedPolicyWithoutAConsoleErrorAndThePolicyBlocksInlineScript()
    {
        var (api, userId) = await service.TenantAsync("Acme CRM", accentColor: "#8a1f5c");
        var (_, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.KeyConnector, ConnectServiceFixture.OAuthConnector } });
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        var page = watched.Page;

        var response = await page.GotoAsync(url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connect an account to Acme CRM" }));

        // The heading is drawn from the session's data, so the page's own fetch has answered; Load covers its script, style and
        // icon. (NetworkIdle waits for 500 ms without a request, which a loaded 2-core CI box did not give within 30 s.)
        await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 60_000 });

        var csp = (await response!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Empty(watched.ConsoleErrors);
        Assert.Empty(watched.PageErrors);
        Assert.Empty(await watched.CspViolationsAsync());
        Assert.Equal("#8a1f5c", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"));
        await watched.CheckStateAsync("csp-loaded");

        // The policy is enforced, not only sent: an inline script is refused and reported.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.body.append(s); }");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__inlineRan === true"));
        Assert.Contains(await watched.CspViolationsAsync(), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AListOfAppsForTheReadmeScreenshotPassesTheSameChecks()
    {
        var (api, userId) = await service.TenantAsync("Acme CRM");
        var (_, url, _) = await ConnectServiceFixture.CreateSessionAsync(api, new
        {
            userId,
            connectors = new[] { ConnectServiceFixture.OAuthConnector, ConnectServiceFixture.KeyConnector, ConnectServiceFixture.AutoConnector, "freshdesk", "openai", "stripe" },
        });
        await using var chromium = await LaunchAsync();
        var watched = await PageUnderTest.WatchAsync(await chromium.NewPageAsync(), service.BaseAddress);
        await watched.Page.SetViewportSizeAsync(720, 860);

        await watched.Page.GotoAsync(url);
        await Expect(watched.Page.GetByRole(AriaRole.Button, new() { Name = "Northwind Calendar" }));

        await watched.CheckStateAsync("connect-page");
        Assert.True(new FileInfo(Path.Combine(PageUnderTest.ScreenshotDirectory, "connect-page.png")).Length > 10_000);
    }

    private static async Task<HeadlessChromium> LaunchAsync()
    {
        Assert.True(File.Exists(HeadlessChromium.DefaultExecutablePath),
            $"{HeadlessChromium.DefaultExecutablePath} is missing: {HeadlessChromium.InstallCommand} (the Playwright browser download does not work here).");
        return await HeadlessChromium.LaunchAsync();
    }

    // The OpenIddict server's own login and consent pages.
    private static async Task SignInAsync(IPage page, bool allow)
    {
        await page.WaitForSelectorAsync("#username", new() { Timeout = 30_000 });
        await page.FillAsync("#username", "alice");
        await page.FillAsync("#password", "wonderland");
        await page.ClickAsync("#login");
        await page.ClickAsync(allow ? "#allow" : "#deny");
    }

    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync(new() { Timeout = 30_000 });

    private static Task Expect(ILocator locator, string text) => Assertions.Expect(locator).ToContainTextAsync(text, new() { Timeout = 30_000 });
}

using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Credentials.EndToEndTests.Connect;

/// <summary>
/// A page of headless Chromium (Debian's, through <see cref="TestOAuthServer.HeadlessChromium"/>) with what every connect-page
/// test checks at each state: a screenshot under the test output (<c>screenshots/</c>), an axe-core run (injected by
/// evaluation, which the page's CSP cannot block) with no serious or critical violation, no script error and no CSP violation.
/// </summary>
public sealed class PageUnderTest
{
    private readonly List<string> consoleErrors = [];
    private readonly List<string> pageErrors = [];

    private readonly string origin;

    private PageUnderTest(IPage page, Uri service)
    {
        Page = page;
        origin = service.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Where screenshots go: <c>screenshots/</c> in the test output.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Console messages of type error of the service's pages so far (Chromium also reports a fetch answered 4xx this way); a provider's pages are not ours to check.</summary>
    public IReadOnlyList<string> ConsoleErrors => consoleErrors;

    /// <summary>Uncaught script errors so far.</summary>
    public IReadOnlyList<string> PageErrors => pageErrors;

    /// <summary>
    /// Watches <paramref name="page"/> on the service at <paramref name="service"/>: console errors, uncaught errors, and CSP
    /// violations (recorded by an init script, which CSP does not govern).
    /// </summary>
    public static async Task<PageUnderTest> WatchAsync(IPage page, Uri service)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(service);
        var watched = new PageUnderTest(page, service);

        // Playwright's 30 s default is short for a 2-core CI box running several test assemblies at once; a hang still fails.
        page.SetDefaultTimeout(60_000);
        page.SetDefaultNavigationTimeout(60_000);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Location.StartsWith(watched.origin, StringComparison.Ordinal))
            {
                lock (watched.consoleErrors)
                {
                    watched.consoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            if (!page.Url.StartsWith(watched.origin, StringComparison.Ordinal))
            {
                return;
            }

            lock (watched.pageErrors)
            {
                watched.pageErrors.Add(error);
            }
        };
        await page.AddInitScriptAsync("""
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
            """);
        return watched;
    }

    /// <summary>CSP violations the current document reported.</summary>
    public async Task<IReadOnlyList<string>> CspViolationsAsync()
        => await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");

    /// <summary>Screenshot <paramref name="state"/>, run axe-core on it, and check that nothing broke so far.</summary>
    public async Task CheckStateAsync(string state, bool allowFailedRequests = false)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, state + ".png"), FullPage = true });
        // Legacy mode runs axe in the page itself; the newer mode opens a blank page through the context's Browser object, which a
        // persistent context (HeadlessChromium's) does not have.
#pragma warning disable CS0618
        var axe = await Page.RunAxeLegacy();
#pragma warning restore CS0618
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, $"{state}: axe found {string.Join("; ", serious)}");
        Assert.True(axe.Passes.Length > 0, $"{state}: axe ran no passing check, so it did not run");
        Assert.Empty(await CspViolationsAsync());
        Assert.Empty(PageErrors);
        var unexpected = ConsoleErrors.Where(e => !(allowFailedRequests && e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"{state}: console errors: {string.Join(" | ", unexpected)}");
    }
}

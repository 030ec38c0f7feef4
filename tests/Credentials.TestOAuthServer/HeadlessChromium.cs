using Microsoft.Playwright;

namespace Credentials.TestOAuthServer;

/// <summary>Headless Chromium from the Debian <c>chromium</c> package, driven by Playwright with a fresh profile; no Playwright browser download is used.</summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where the Debian <c>chromium</c> package installs the browser.</summary>
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>The install command named when the browser is missing.</summary>
    public const string InstallCommand = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium";

    private static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _userDataDirectory;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, string userDataDirectory)
    {
        _playwright = playwright;
        Context = context;
        _userDataDirectory = userDataDirectory;
    }

    /// <summary>The browser context (a persistent context over a fresh, temporary user-data directory).</summary>
    public IBrowserContext Context { get; }

    /// <summary>Launches Chromium; throws with the install command when the executable is missing.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(string executablePath = DefaultExecutablePath, float timeoutMilliseconds = 60_000)
    {
        if (!File.Exists(executablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {executablePath}. Install the Debian package: {InstallCommand}");
        }

        // Playwright's Node driver ships in the NuGet package (copied to .playwright/ in the output); with an
        // ExecutablePath nothing is downloaded, and `playwright install` is never run.
        var playwright = await Playwright.CreateAsync();
        var userDataDirectory = Directory.CreateTempSubdirectory("headless-chromium-").FullName;
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDirectory, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = executablePath,
                Headless = true,
                Args = LaunchArgs,
                Timeout = timeoutMilliseconds,
            });
            return new HeadlessChromium(playwright, context, userDataDirectory);
        }
        catch
        {
            playwright.Dispose();
            TryDelete(userDataDirectory);
            throw;
        }
    }

    /// <summary>The context's initial page, or a new one when it has none.</summary>
    public async Task<IPage> NewPageAsync() =>
        Context.Pages.Count > 0 ? Context.Pages[0] : await Context.NewPageAsync();

    /// <summary>Closes the browser, stops the Playwright driver and deletes the profile directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
        }
        finally
        {
            _playwright.Dispose();
            TryDelete(_userDataDirectory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; the temp directory is disposable.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using Microsoft.Playwright;

namespace Credentials.TestOAuthServer;

/// <summary>
/// Headless Chromium driven by Playwright with a fresh profile: the one <c>CHROMIUM_PATH</c> names, else the Debian <c>chromium</c>
/// package's, else one Playwright installed earlier (./test.sh finds or installs one). Playwright never downloads anything here.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where the Debian <c>chromium</c> package installs the browser.</summary>
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>The install command named when the browser is missing.</summary>
    public const string InstallCommand = "./test.sh (which finds or installs one), or apt-get install -y chromium, or set CHROMIUM_PATH";

    /// <summary>The environment variable naming a Chromium executable to use.</summary>
    public const string PathVariable = "CHROMIUM_PATH";

    /// <summary>The browser to launch: <see cref="PathVariable"/>, the Debian package, or Playwright's own install; the Debian path when none exists.</summary>
    public static string ExecutablePath()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var playwrightCache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        var playwright = Directory.Exists(playwrightCache)
            ? Directory.EnumerateDirectories(playwrightCache, "chromium-*").Order(StringComparer.Ordinal)
                .SelectMany(d => new[] { Path.Combine(d, "chrome-linux", "chrome"), Path.Combine(d, "chrome-linux64", "chrome") })
            : [];
        return new[] { DefaultExecutablePath, "/usr/bin/chromium-browser" }.Concat(playwright).FirstOrDefault(File.Exists) ?? DefaultExecutablePath;
    }

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
    public static async Task<HeadlessChromium> LaunchAsync(string? executablePath = null, float timeoutMilliseconds = 60_000)
    {
        executablePath ??= ExecutablePath();
        if (!File.Exists(executablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {executablePath}. Run the tests with {InstallCommand}.");
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

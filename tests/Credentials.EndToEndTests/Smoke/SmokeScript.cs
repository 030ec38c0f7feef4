using System.Diagnostics;
using Credentials.DevServer.Storage;

namespace Credentials.EndToEndTests.Smoke;

/// <summary>Runs the repository's scripts/smoke as an operator would after a deployment: as an executable (its shebang picks bash).</summary>
public static class SmokeScript
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Runs the script against <paramref name="baseAddress"/> with <paramref name="adminKey"/>, never asking azd or az.</summary>
    public static async Task<SmokeScriptRun> RunAsync(Uri baseAddress, string adminKey, int waitSeconds = 10)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "smoke"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(baseAddress.AbsoluteUri);
        start.Environment["SMOKE_ADMIN_KEY"] = adminKey;
        start.Environment["SMOKE_WAIT_SECONDS"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start scripts/smoke.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/smoke did not finish within {Limit}.");
        }

        return new SmokeScriptRun(process.ExitCode, await standardOutput, await standardError);
    }
}

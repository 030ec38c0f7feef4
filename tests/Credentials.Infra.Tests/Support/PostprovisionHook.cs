using System.Diagnostics;

namespace Credentials.Infra.Tests.Support;

/// <summary>Runs infra/hooks/postprovision.sh with bash or postprovision.ps1 with the PowerShell local tool, against a <see cref="FakeAz"/>.</summary>
internal static class PostprovisionHook
{
    public const string Vault = "kv-hooktest";

    public const string AppId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hooktest/providers/Microsoft.Web/sites/func-api-hooktest";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    // `dotnet tool restore` once per run, so `dotnet test` alone works on a fresh checkout.
    private static readonly Lazy<Task> ToolRestore = new(RestoreToolsAsync);

    /// <summary>Runs the hook of <paramref name="shell"/> ("sh" or "pwsh") as azd would after provisioning, with the outputs azd passes.</summary>
    public static async Task<HookRun> RunAsync(string shell, FakeAz az, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = az.BinDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_AZ_STATE"] = az.StateDirectory,
            ["AZURE_KEY_VAULT_NAME"] = Vault,
            ["AZURE_FUNCTION_APP_ID"] = AppId,
            ["AZURE_KEY_VAULT_DEPLOYER_ROLE"] = "true",
            ["AZURE_KEY_VAULT_PUBLIC_NETWORK_ACCESS"] = "Enabled",
            ["ADMIN_KEY_ATTEMPTS"] = "4",
            ["ADMIN_KEY_RETRY_SECONDS"] = "0",
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        switch (shell)
        {
            case "sh":
                return await RunAsync("bash", [RepositoryPaths.PosixHook], environment);
            case "pwsh":
                await ToolRestore.Value;
                return await RunAsync("dotnet", ["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File", RepositoryPaths.WindowsHook], environment);
            default:
                throw new ArgumentOutOfRangeException(nameof(shell), shell, "sh or pwsh");
        }
    }

    private static async Task RestoreToolsAsync()
    {
        var restore = await RunAsync("dotnet", ["tool", "restore"], new Dictionary<string, string?>());
        Assert.True(restore.ExitCode == 0, $"dotnet tool restore (PowerShell, .config/dotnet-tools.json) failed:{Environment.NewLine}{restore.Output}");
    }

    private static async Task<HookRun> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of this machine's own Azure settings reaches the hook: only what the test passes.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("AZURE_", StringComparison.Ordinal) || name.StartsWith("ADMIN_KEY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
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
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {Limit}.");
        }

        return new HookRun(process.ExitCode, await standardOutput + await standardError);
    }
}

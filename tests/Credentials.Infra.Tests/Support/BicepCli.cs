using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Credentials.Infra.Tests.Support;

/// <summary>The Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
internal static class BicepCli
{
    private const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string> LazyPath = new(LocateExecutable);

    public static bool IsSupportedPlatform =>
        OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    public static string UnsupportedPlatformReason =>
        "The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64, which runs on linux-x64 only; "
        + $"this machine is {RuntimeInformation.RuntimeIdentifier}. Run the infra tests on linux-x64 (as CI does).";

    public static string ExecutablePath => LazyPath.Value;

    /// <summary>Runs bicep with the arguments from <paramref name="workingDirectory"/>; never throws for a non-zero exit.</summary>
    public static BicepResult Run(string workingDirectory, params string[] arguments)
    {
        try
        {
            return Start(ExecutablePath, workingDirectory, arguments);
        }
        catch (Win32Exception)
        {
            // Not executable for this user (a package folder owned by someone else): run a private copy.
            return Start(PrivateCopy(ExecutablePath), workingDirectory, arguments);
        }
    }

    private static BicepResult Start(string executable, string workingDirectory, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        process.WaitForExit();
        return new BicepResult(process.ExitCode, standardOutput.GetAwaiter().GetResult(), standardError.GetAwaiter().GetResult());
    }

    private static string LocateExecutable()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(UnsupportedPlatformReason);
        }

        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at '{path}'. It comes from the Azure.Bicep.CommandLine.linux-x64 package (GeneratePathProperty); run dotnet restore.");
        }

        // NuGet extraction keeps the owner's execute bit on Linux today; restore it if an extraction loses it.
        var mode = File.GetUnixFileMode(path);
        if ((mode & Executable) == 0)
        {
            try
            {
                File.SetUnixFileMode(path, mode | Executable);
            }
            catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
            {
                return PrivateCopy(path);
            }
        }

        return path;
    }

    private static string PrivateCopy(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(UnsupportedPlatformReason);
        }

        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "credentials-infra-tests", Environment.UserName));
        var copy = Path.Combine(directory.FullName, $"bicep-{new FileInfo(path).Length}");
        if (!File.Exists(copy))
        {
            var partial = copy + $".{Environment.ProcessId}.tmp";
            File.Copy(path, partial, overwrite: true);
            File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Move(partial, copy, overwrite: true);
        }

        return copy;
    }
}

/// <summary>What one bicep command printed.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Warning and error lines ("path(line,col) : Warning rule: message").</summary>
    public IReadOnlyList<string> Diagnostics { get; } =
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
            .ToList();

    public bool IsClean => ExitCode == 0 && Diagnostics.Count == 0;

    public string Describe(string command) =>
        $"`{command}` exited {ExitCode} with {Diagnostics.Count} warning/error line(s); standard error:{Environment.NewLine}{StandardError}";
}

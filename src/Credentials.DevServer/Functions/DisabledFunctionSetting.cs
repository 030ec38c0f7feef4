using Microsoft.Extensions.Configuration;

namespace Credentials.DevServer.Functions;

/// <summary>
/// The host's per-function switch. The WebJobs indexer reads <c>AzureWebJobs.{name}.Disabled</c> and, because Linux
/// environment variables cannot hold dots, <c>AzureWebJobs_{name}_Disabled</c>; a value of <c>true</c> or <c>1</c>
/// (any case) disables the function: its trigger never fires, and an HTTP function answers 404.
/// DevServer also accepts <c>AzureWebJobs:{name}:Disabled</c> (what <c>AzureWebJobs__{name}__Disabled</c> becomes in
/// .NET configuration), which the Functions host does not read.
/// </summary>
internal static class DisabledFunctionSetting
{
    /// <summary>The setting names checked for <paramref name="functionName"/>, the host's first.</summary>
    public static IReadOnlyList<string> SettingNames(string functionName) =>
    [
        $"AzureWebJobs.{functionName}.Disabled",
        $"AzureWebJobs_{functionName}_Disabled",
        $"AzureWebJobs:{functionName}:Disabled",
    ];

    /// <summary>True when a setting disables <paramref name="functionName"/>.</summary>
    public static bool IsDisabled(IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingNames(functionName).Any(name => IsEnabledValue(configuration[name]));
    }

    private static bool IsEnabledValue(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "1", StringComparison.Ordinal);
}

using Microsoft.Extensions.Configuration;

namespace Credentials.DevServer.Storage;

/// <summary>Recognises the <c>UseDevelopmentStorage=true</c> connection string, which the Azure SDK maps to Azurite's default ports.</summary>
public static class DevelopmentStorage
{
    /// <summary>The connection string that means "the local emulator on its default ports".</summary>
    public const string ConnectionString = "UseDevelopmentStorage=true";

    /// <summary>The settings whose value may point at development storage: the host's storage and the service's tables.</summary>
    public static IReadOnlyList<string> SettingKeys { get; } = ["AzureWebJobsStorage", "Credentials:TableStorage"];

    /// <summary>True when any of <see cref="SettingKeys"/> is development storage.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingKeys.Any(key => IsDevelopmentStorage(configuration[key]));
    }

    /// <summary>True when <paramref name="connectionString"/> is development storage.</summary>
    public static bool IsDevelopmentStorage(string? connectionString) =>
        connectionString is not null
        && connectionString.Replace(" ", string.Empty, StringComparison.Ordinal).StartsWith(ConnectionString, StringComparison.OrdinalIgnoreCase);
}

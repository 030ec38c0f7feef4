namespace Credentials.Core.Configuration;

/// <summary>The app setting names the service reads: the public configuration contract, also checked against infra.</summary>
public static class AppSettings
{
    /// <summary>Platform admin key (a Key Vault reference in Azure).</summary>
    public const string AdminApiKey = "Credentials__AdminApiKey";

    /// <summary>Table service URI or connection string.</summary>
    public const string TableStorage = "Credentials__TableStorage";

    /// <summary>Secret store kind: KeyVault, Envelope or Local.</summary>
    public const string SecretStore = "Credentials__SecretStore";

    /// <summary>Key Vault URI.</summary>
    public const string KeyVaultUri = "Credentials__KeyVaultUri";

    /// <summary>Envelope mode: how long a tenant's data key stays cached in memory.</summary>
    public const string DataKeyCacheTtl = "Credentials__DataKeyCacheTtl";

    /// <summary>Envelope mode: how many data keys an instance caches at most.</summary>
    public const string DataKeyCacheSize = "Credentials__DataKeyCacheSize";

    /// <summary>Public base URL of the service.</summary>
    public const string PublicBaseUrl = "Credentials__PublicBaseUrl";

    /// <summary>The user-assigned managed identity's client id (standard Azure SDK variable).</summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";

    /// <summary>The NCRONTAB schedule of the refresh sweep; flat because the host resolves %RefreshSchedule% by exact name.</summary>
    public const string RefreshSchedule = "RefreshSchedule";

    /// <summary>The NCRONTAB schedule of webhook delivery; flat because the host resolves %WebhookSchedule% by exact name.</summary>
    public const string WebhookSchedule = "WebhookSchedule";

    /// <summary>Local secret store key (development only).</summary>
    public const string LocalSecretKey = "Credentials__LocalSecretKey";

    /// <summary>Development switch: http loopback accepted.</summary>
    public const string AllowInsecureLoopback = "Credentials__AllowInsecureLoopback";

    /// <summary>Folder of extra connector files.</summary>
    public const string ConnectorsPath = "Credentials__ConnectorsPath";

    /// <summary>Percentage (1-100) of the worker's traces exported to Application Insights; unset keeps the exporter's default.</summary>
    public const string TelemetrySamplingPercentage = "Credentials__TelemetrySamplingPercentage";

    /// <summary>
    /// Settings a deployment in Azure must provide (besides the host's own AzureWebJobsStorage).
    /// The infra tests check the Bicep template sets each of them.
    /// </summary>
    public static IReadOnlyList<string> RequiredInAzure { get; } =
    [
        AdminApiKey,
        TableStorage,
        SecretStore,
        KeyVaultUri,
        PublicBaseUrl,
        AzureClientId,
        RefreshSchedule,
        WebhookSchedule,
    ];

    /// <summary>Development-only settings that must never appear in a deployment template.</summary>
    public static IReadOnlyList<string> DevelopmentOnly { get; } =
    [
        LocalSecretKey,
        AllowInsecureLoopback,
        "Credentials__AllowInsecureLoopbackOutsideDevelopment",
        "Credentials__AllowLocalSecretStore",
    ];
}

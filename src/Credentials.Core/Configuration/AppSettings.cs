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

    /// <summary>Development switch: the sandbox connectors and DevServer's sandbox provider.</summary>
    public const string EnableSandbox = "Credentials__EnableSandbox";

    /// <summary>Where the docs folder is published; problem <c>type</c> URIs point into its errors.md.</summary>
    public const string DocsBaseUrl = "Credentials__DocsBaseUrl";

    /// <summary>The host's storage connection (timers' leases); the service's tables use it when <see cref="TableStorage"/> is unset.</summary>
    public const string AzureWebJobsStorage = "AzureWebJobsStorage";

    /// <summary>When set, OpenTelemetry exports to Application Insights.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The app-setting override of host.json's <c>extensions.http.routePrefix</c>.</summary>
    public const string RoutePrefixOverride = "AzureFunctionsJobHost__extensions__http__routePrefix";

    /// <summary>The prefix of every <see cref="CredentialsOptions"/> setting (<c>Credentials__{Property}</c>).</summary>
    public const string OptionsPrefix = "Credentials__";

    /// <summary>
    /// Every setting the app reads, by exact name: the <see cref="CredentialsOptions"/> properties (a unit test keeps the two in
    /// step), the flat names the host resolves, and the Azure SDK's and telemetry's own. local.settings.sample.json and
    /// docs/configuration.md list exactly these (checked by tests). Per-connector settings are <see cref="Patterns"/>.
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AzureWebJobsStorage,
        RefreshSchedule,
        WebhookSchedule,
        AdminApiKey,
        TableStorage,
        SecretStore,
        KeyVaultUri,
        DataKeyCacheTtl,
        DataKeyCacheSize,
        LocalSecretKey,
        OptionsPrefix + nameof(CredentialsOptions.LocalSecretPreviousKeys),
        OptionsPrefix + nameof(CredentialsOptions.AllowLocalSecretStore),
        PublicBaseUrl,
        AllowInsecureLoopback,
        OptionsPrefix + nameof(CredentialsOptions.AllowInsecureLoopbackOutsideDevelopment),
        ConnectorsPath,
        OptionsPrefix + nameof(CredentialsOptions.ProxyTimeoutSeconds),
        OptionsPrefix + nameof(CredentialsOptions.RefreshWindow),
        OptionsPrefix + nameof(CredentialsOptions.SweepParallelism),
        OptionsPrefix + nameof(CredentialsOptions.SweepBudget),
        OptionsPrefix + nameof(CredentialsOptions.ForcedRefreshCooldown),
        OptionsPrefix + nameof(CredentialsOptions.ForcedRefreshReuse),
        OptionsPrefix + nameof(CredentialsOptions.RepairGrace),
        OptionsPrefix + nameof(CredentialsOptions.UserDeleteInlineLimit),
        EnableSandbox,
        OptionsPrefix + nameof(CredentialsOptions.SandboxTokenLifetime),
        DocsBaseUrl,
        TelemetrySamplingPercentage,
        .. Nested<LimitOptions>(nameof(CredentialsOptions.Limits)),
        .. Nested<AuditOptions>(nameof(CredentialsOptions.Audit)),
        AzureClientId,
        ApplicationInsightsConnectionString,
        RoutePrefixOverride,
    ];

    /// <summary>Settings whose names carry a value (<c>{connectorId}</c>): a deployment-wide OAuth app per connector.</summary>
    public static IReadOnlyList<string> Patterns { get; } =
    [
        "Credentials__Connectors__{connectorId}__ClientId",
        "Credentials__Connectors__{connectorId}__ClientSecret",
    ];

    /// <summary>The settings of a nested options section: <c>Credentials__{Section}__{Property}</c> for each of its properties.</summary>
    public static IEnumerable<string> Nested<TOptions>(string section)
        => typeof(TOptions).GetProperties().Select(p => $"{OptionsPrefix}{section}__{p.Name}");

    /// <summary>The .NET configuration key of an app setting: <c>Credentials__X</c> is <c>Credentials:X</c>.</summary>
    public static string ConfigurationKey(string appSetting)
    {
        ArgumentNullException.ThrowIfNull(appSetting);
        return appSetting.Replace("__", ":", StringComparison.Ordinal);
    }

    /// <summary>Settings the Functions host itself reads, which local.settings.json carries for <c>func start</c>.</summary>
    public static IReadOnlyList<string> HostOnly { get; } = ["FUNCTIONS_WORKER_RUNTIME", "AZURE_FUNCTIONS_ENVIRONMENT"];

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
        EnableSandbox,
    ];
}

namespace Credentials.Core.Configuration;

/// <summary>The service's settings, bound from the <c>Credentials</c> configuration section (app settings <c>Credentials__*</c>).</summary>
public sealed class CredentialsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Credentials";

    /// <summary>The platform admin key for <c>/platform/*</c> routes; unusable values disable those routes.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>A Table Storage connection string or table service URI; falls back to <c>AzureWebJobsStorage</c>.</summary>
    public string? TableStorage { get; set; }

    /// <summary>Where secrets live: <see cref="SecretStoreKind.KeyVault"/>, <see cref="SecretStoreKind.Envelope"/> or <see cref="SecretStoreKind.Local"/>.</summary>
    public SecretStoreKind SecretStore { get; set; } = SecretStoreKind.KeyVault;

    /// <summary>The vault URI for the KeyVault and Envelope secret stores.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Envelope mode: how long an instance keeps a tenant's unwrapped data key and its current version before asking the vault again.</summary>
    public TimeSpan DataKeyCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Envelope mode: how many data keys (tenant and version) an instance keeps in memory at most.</summary>
    public int DataKeyCacheSize { get; set; } = 10_000;

    /// <summary>Base64 of the 32-byte AES key used by the Local secret store.</summary>
    public string? LocalSecretKey { get; set; }

    /// <summary>Comma-separated base64 keys the Local store can still decrypt with after a rotation.</summary>
    public string? LocalSecretPreviousKeys { get; set; }

    /// <summary>Lets the Local secret store run outside Development.</summary>
    public bool AllowLocalSecretStore { get; set; }

    /// <summary>A folder whose <c>*.json</c> connector files add to or override the built-in catalogue.</summary>
    public string? ConnectorsPath { get; set; }

    /// <summary>Accept http on loopback where https is otherwise required (development and tests only).</summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Lets <see cref="AllowInsecureLoopback"/> be used outside Development.</summary>
    public bool AllowInsecureLoopbackOutsideDevelopment { get; set; }

    /// <summary>How long a proxied or verification request may wait for the provider's response headers (seconds, 1 to 600; default 60).</summary>
    public int ProxyTimeoutSeconds { get; set; } = 60;

    /// <summary>The public base URL of this service, used for OAuth callback URLs.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>A token is refreshed when it expires within this window.</summary>
    public TimeSpan RefreshWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many refreshes the sweep runs at once.</summary>
    public int SweepParallelism { get; set; } = 16;

    /// <summary>The sweep takes no new work after this long (shorter than the schedule's period).</summary>
    public TimeSpan SweepBudget { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>A forced refresh is refused this long after a failed one.</summary>
    public TimeSpan ForcedRefreshCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A forced refresh this soon after a successful one answers with that refresh's token instead of calling the provider
    /// again: a burst of forced refreshes (every caller retrying a 401 at once) costs one token call, and with providers that
    /// revoke the previous access token on rotation no caller is left holding a dead one. Zero turns it off.
    /// </summary>
    public TimeSpan ForcedRefreshReuse { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the repair leaves an interrupted write alone before finishing or undoing it: longer than any request that is
    /// still running could take between two of its storage calls (docs/consistency.md). It bounds how long debris lives.
    /// </summary>
    public TimeSpan RepairGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many credentials a user delete removes inside the request before it answers 202 and the repair continues.</summary>
    public int UserDeleteInlineLimit { get; set; } = 50;

    /// <summary>Abuse limits and quotas (<c>Credentials__Limits__*</c>).</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>The audit trail (<c>Credentials__Audit__*</c>).</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>
    /// Offers the <c>sandbox</c> and <c>sandbox-key</c> connectors, whose provider DevServer hosts under <c>/sandbox</c> (Development
    /// only). Needs <see cref="PublicBaseUrl"/>: the connectors' URLs are built from it.
    /// </summary>
    public bool EnableSandbox { get; set; }

    /// <summary>The lifetime of the sandbox provider's access tokens (short by default, so refreshes happen while you watch).</summary>
    public TimeSpan SandboxTokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Where the service's documentation folder is published (e.g. the repository's <c>docs/</c> on its code host). Problem
    /// <c>type</c> URIs are <c>{DocsBaseUrl}errors.md#{code}</c>; without it they are <c>about:blank</c> (RFC 9457).
    /// </summary>
    public Uri? DocsBaseUrl { get; set; }
}

namespace Credentials.Core.Audit;

/// <summary>The acts the audit trail records (its entries' <c>act</c>); stable names clients may filter on.</summary>
public static class AuditActs
{
    /// <summary>An access token was handed out (<c>GET /credentials/{id}/token</c>).</summary>
    public const string TokenRead = "token.read";

    /// <summary>A call went through the proxy (method, host, path without query, provider status).</summary>
    public const string ProxyCall = "proxy.call";

    /// <summary>A credential was stored (API create, import, or an OAuth callback).</summary>
    public const string CredentialCreate = "credential.create";

    /// <summary>An OAuth flow was started for a new credential (the callback records the create).</summary>
    public const string CredentialAuthorize = "credential.authorize";

    /// <summary>A credential was deleted (outcome: what happened at the provider).</summary>
    public const string CredentialDelete = "credential.delete";

    /// <summary>A reauthorization was started, or completed by its callback.</summary>
    public const string CredentialReauthorize = "credential.reauthorize";

    /// <summary>A refresh ended (forced, or the sweep's); outcome: refreshed, failed, invalidated, ...</summary>
    public const string CredentialRefresh = "credential.refresh";

    /// <summary>A stored credential was checked with its provider.</summary>
    public const string CredentialVerify = "credential.verify";

    /// <summary>A tenant's OAuth app was saved.</summary>
    public const string AuthConfigPut = "authconfig.put";

    /// <summary>A tenant's OAuth app was removed.</summary>
    public const string AuthConfigDelete = "authconfig.delete";

    /// <summary>The tenant's settings were replaced.</summary>
    public const string SettingsUpdate = "settings.update";

    /// <summary>The webhook signing secret was created or rotated.</summary>
    public const string WebhookSecretRotate = "webhook_secret.rotate";

    /// <summary>A tenant was created (its first key issued).</summary>
    public const string TenantCreate = "tenant.create";

    /// <summary>An API key was issued.</summary>
    public const string ApiKeyIssue = "apikey.issue";

    /// <summary>An API key was revoked.</summary>
    public const string ApiKeyRevoke = "apikey.revoke";

    /// <summary>The platform admin changed the tenant's limits.</summary>
    public const string LimitsUpdate = "limits.update";

    /// <summary>The platform admin rotated the tenant's data key (Envelope mode): new writes use a new version.</summary>
    public const string DataKeyRotate = "datakey.rotate";

    /// <summary>The platform admin deleted the tenant's data key (crypto-shredding; outcome: purged or soft-deleted).</summary>
    public const string DataKeyDelete = "datakey.delete";

    /// <summary>An end user was created.</summary>
    public const string UserCreate = "user.create";

    /// <summary>An end user was deleted with their credentials.</summary>
    public const string UserDelete = "user.delete";

    /// <summary>A hosted connect session was used by an end user.</summary>
    public const string ConnectSessionUse = "connect_session.use";
}

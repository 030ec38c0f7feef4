namespace Credentials.Core.Webhooks;

/// <summary>The event types a tenant's webhook receives; receivers branch on these, so they never change.</summary>
public static class WebhookEventTypes
{
    /// <summary>A credential was stored (API key, basic, custom, or an OAuth callback that completed).</summary>
    public const string CredentialCreated = "credential.created";

    /// <summary>A credential became <c>invalid</c>: it needs the end user again.</summary>
    public const string CredentialInvalid = "credential.invalid";

    /// <summary>An invalid credential is usable again (reauthorized in place).</summary>
    public const string CredentialRecovered = "credential.recovered";

    /// <summary>A credential was deleted.</summary>
    public const string CredentialDeleted = "credential.deleted";

    /// <summary>Every type.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        CredentialCreated,
        CredentialInvalid,
        CredentialRecovered,
        CredentialDeleted,
    };
}

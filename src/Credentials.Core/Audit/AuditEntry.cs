using Credentials.Core.Contracts;
using Credentials.Core.Ids;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Audit;

/// <summary>One security-relevant act of a tenant: what, by whom, on what, how it ended. Never a secret: no token, key or body.</summary>
public sealed record AuditEntry
{
    /// <summary>Unique and ordered newest first within a tenant: the inverted time and a random suffix (also its RowKey).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The tenant it belongs to.</summary>
    public required string TenantId { get; init; }

    /// <summary>One of <see cref="AuditActs"/>.</summary>
    public required string Act { get; init; }

    /// <summary>One of <see cref="AuditActors"/>.</summary>
    public required string Actor { get; init; }

    /// <summary>The credential, when the act concerns one.</summary>
    public string? CredentialId { get; init; }

    /// <summary>The end user (taken from the credential id when not given).</summary>
    public string? UserId { get; init; }

    /// <summary>The connector, when known.</summary>
    public string? ConnectorId { get; init; }

    /// <summary>How it ended, in a word (<c>ok</c>, <c>refreshed</c>, <c>revoked</c>, an error code).</summary>
    public string? Outcome { get; init; }

    /// <summary>Proxy calls: the HTTP method.</summary>
    public string? Method { get; init; }

    /// <summary>Proxy calls: the provider's host.</summary>
    public string? Host { get; init; }

    /// <summary>Proxy calls: the path, without its query (which may carry credentials).</summary>
    public string? Path { get; init; }

    /// <summary>Proxy calls: the provider's status.</summary>
    public int? Status { get; init; }

    /// <summary>An act of a tenant API key.</summary>
    public static AuditEntry ByKey(TenantContext tenant, string act)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new AuditEntry { TenantId = tenant.TenantId, Act = act, Actor = AuditActors.Key(tenant.KeyId) };
    }

    /// <summary>An act of someone other than a tenant key (<see cref="AuditActors"/>).</summary>
    public static AuditEntry By(string actor, string tenantId, string act) => new() { TenantId = tenantId, Act = act, Actor = actor };

    /// <summary>The user the entry concerns: given, or the owner of its credential.</summary>
    public string? EffectiveUserId => UserId ?? (ResourceIds.IsWellFormed(CredentialId, ResourceIds.Credential) ? ResourceIds.UserOfCredential(CredentialId!) : null);

    /// <summary>The entry as the API shows it.</summary>
    public AuditEntryView ToView() => new(Id, At, Act, Actor, CredentialId, EffectiveUserId, ConnectorId, Outcome, Method, Host, Path, Status);
}

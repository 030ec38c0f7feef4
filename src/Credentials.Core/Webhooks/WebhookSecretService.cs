using System.Text.Json;
using Credentials.Core.Ids;
using Credentials.Core.Json;
using Credentials.Core.Secrets;

namespace Credentials.Core.Webhooks;

/// <summary>
/// The tenant's webhook signing secret, one per tenant, kept in the secret store (<c>whs-{tenantId}</c>) and shown only by
/// <see cref="RotateAsync"/>.
/// </summary>
/// <remarks>
/// Rotation replaces the secret at once; there is no overlap during which both are sent. Events are signed when they are
/// sent, not when they are queued, so every attempt that starts after the rotation (including retries of events queued
/// before it) is signed with the new secret. A delivery run loads each tenant's secret once, so requests of a run that had
/// already loaded it when the rotation happened may still carry the old signature (at most one run, about a minute).
/// </remarks>
public class WebhookSecretService(ISecretStore secrets, TimeProvider clock)
{
    /// <summary>Stands where a connector id goes in the secret's address (a Key Vault tag).</summary>
    public const string SecretTag = "webhooks";

    /// <summary>The secret store owner id of a tenant's signing secret.</summary>
    public static string OwnerId(string tenantId) => "whs-" + tenantId;

    /// <summary>Creates a new secret for the tenant, replacing any previous one, and returns it: the only time it is shown.</summary>
    public virtual async Task<IssuedWebhookSecret> RotateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var secret = WebhookSecretFormat.Generate();
        var issued = new IssuedWebhookSecret(secret, clock.GetUtcNow());
        var document = JsonSerializer.SerializeToUtf8Bytes(new StoredWebhookSecret(issued.Secret, issued.CreatedAt), CredentialsJson.Options);
        await secrets.SetAsync(Address(tenantId), document, cancellationToken).ConfigureAwait(false);
        return issued;
    }

    /// <summary>The tenant's current secret, or null when none was ever issued.</summary>
    public virtual async Task<string?> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var bytes = await secrets.GetAsync(Address(tenantId), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<StoredWebhookSecret>(bytes, CredentialsJson.Options)?.Secret;
    }

    private static SecretAddress Address(string tenantId)
        => ResourceIds.IsWellFormed(tenantId, ResourceIds.Tenant)
            ? new SecretAddress(tenantId, OwnerId(tenantId), SecretTag)
            : throw new ArgumentException("Not a tenant id.", nameof(tenantId));

    private sealed record StoredWebhookSecret(string Secret, DateTimeOffset CreatedAt);
}

/// <summary>A newly issued signing secret, shown once.</summary>
public sealed record IssuedWebhookSecret(string Secret, DateTimeOffset CreatedAt);

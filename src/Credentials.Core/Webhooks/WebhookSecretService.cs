using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Json;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Webhooks;

/// <summary>
/// The tenant's webhook signing secret, one in force per tenant, kept in the secret store and shown only by
/// <see cref="RotateAsync"/>; the tenant row names the one in force (<see cref="Tenant.WebhookSecretId"/>).
/// </summary>
/// <remarks>
/// <para>
/// Rotation replaces the secret at once; there is no overlap during which both are sent. Events are signed when they are
/// sent, not when they are queued, so every attempt that starts after the rotation (including retries of events queued
/// before it) is signed with the new secret. A delivery run loads each tenant's secret once, so requests of a run that had
/// already loaded it when the rotation happened may still carry the old signature (at most one run, about a minute).
/// </para>
/// <para>
/// A rotation writes its secret under an owner id of its own (<c>whs-{tenantId}-{random}</c>), where nothing reads it yet, then
/// commits it by pointing the tenant row at it with If-Match. Of rotations that read the same tenant row, exactly one commits;
/// the others delete their unused secret and fail with <c>conflict</c>. So a returned secret is always the one the commit put in
/// force (until a later rotation replaces it), and a secret that was never in force is never returned. A crash before the commit
/// leaves the previous secret in force (and possibly one unused secret nothing points at); a crash after it leaves the new one in
/// force. The previous secret is deleted after the commit; nothing reads it from then on, so a failed delete only leaves garbage.
/// </para>
/// </remarks>
public class WebhookSecretService(ISecretStore secrets, TenantStore tenants, TimeProvider clock)
{
    /// <summary>Stands where a connector id goes in the secret's address (a Key Vault tag).</summary>
    public const string SecretTag = "webhooks";

    // A commit that loses only to other changes of the tenant row (settings saved meanwhile) is tried again this often.
    private const int CommitAttempts = 3;

    /// <summary>
    /// The secret store owner id of a tenant's signing secret issued before versioned secrets, and the prefix of every owner id
    /// of that tenant's signing secrets.
    /// </summary>
    public static string OwnerId(string tenantId) => "whs-" + tenantId;

    /// <summary>
    /// Creates a new secret for the tenant, replacing the one in force, and returns it: the only time it is shown. A rotation
    /// that loses to a concurrent rotation fails with <c>conflict</c> and changes nothing.
    /// </summary>
    public virtual async Task<IssuedWebhookSecret> RotateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        RequireTenantId(tenantId);
        var read = await tenants.GetTenantAsync(tenantId, cancellationToken) ?? throw ServiceException.NotFound("tenant");
        var previous = read.Tenant.WebhookSecretId;
        var issued = new IssuedWebhookSecret(WebhookSecretFormat.Generate(), clock.GetUtcNow());
        var ownerId = $"{OwnerId(tenantId)}-{Base32.Encode(RandomNumberGenerator.GetBytes(10))}";
        var document = JsonSerializer.SerializeToUtf8Bytes(new StoredWebhookSecret(issued.Secret, issued.CreatedAt), CredentialsJson.Options);
        await secrets.SetAsync(new SecretAddress(tenantId, ownerId, SecretTag), document, cancellationToken);

        // From here on the outcome is decided by storage alone: the caller going away must not leave the new secret unused.
        var current = read;
        for (var attempt = 1; !await tenants.UpdateTenantAsync(current.Tenant with { WebhookSecretId = ownerId }, current.ETag, CancellationToken.None); attempt++)
        {
            var latest = await tenants.GetTenantAsync(tenantId, CancellationToken.None);
            if (latest is not { } reread || !string.Equals(reread.Tenant.WebhookSecretId, previous, StringComparison.Ordinal) || attempt >= CommitAttempts)
            {
                await DeleteUnusedAsync(tenantId, ownerId);
                throw latest is null
                    ? ServiceException.NotFound("tenant")
                    : ServiceException.Conflict("The webhook secret was rotated by another request at the same time; the secret that request returned is in force.");
            }

            current = reread;
        }

        await DeleteUnusedAsync(tenantId, previous ?? OwnerId(tenantId));
        return issued;
    }

    /// <summary>The tenant's current secret, or null when none was ever issued (or there is no such tenant).</summary>
    public virtual async Task<string?> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        RequireTenantId(tenantId);
        var found = await tenants.GetTenantAsync(tenantId, cancellationToken);
        return found is { } tenant ? await GetAsync(tenant.Tenant, cancellationToken) : null;
    }

    /// <summary>The current secret of <paramref name="tenant"/> as just read from its row, or null when none was ever issued.</summary>
    public virtual async Task<string?> GetAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        RequireTenantId(tenant.TenantId);
        var address = new SecretAddress(tenant.TenantId, tenant.WebhookSecretId ?? OwnerId(tenant.TenantId), SecretTag);
        var bytes = await secrets.GetAsync(address, cancellationToken);
        return bytes is null ? null : JsonSerializer.Deserialize<StoredWebhookSecret>(bytes, CredentialsJson.Options)?.Secret;
    }

    // A secret no tenant row points at: the loser of a race, or the one a committed rotation replaced.
    private async Task DeleteUnusedAsync(string tenantId, string ownerId)
    {
        try
        {
            await secrets.DeleteAsync(new SecretAddress(tenantId, ownerId, SecretTag), CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Nothing reads it any more: left behind, it is garbage, not a second secret in force.
        }
    }

    private static void RequireTenantId(string tenantId)
    {
        if (!ResourceIds.IsWellFormed(tenantId, ResourceIds.Tenant))
        {
            throw new ArgumentException("Not a tenant id.", nameof(tenantId));
        }
    }

    private sealed record StoredWebhookSecret(string Secret, DateTimeOffset CreatedAt);
}

using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Tenancy;

/// <summary>The platform admin's operations on a tenant's data key (Envelope mode only): rotation and crypto-shredding.</summary>
public sealed class TenantDataKeys(TenantService tenants, IOptions<CredentialsOptions> options, TimeProvider clock, EnvelopeSecretSealer? sealer = null)
{
    /// <summary>Adds a new version of the tenant's data key; new writes use it, older ciphertexts still open with theirs.</summary>
    public async Task<DataKeyView> RotateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var envelope = await EnvelopeFor(tenantId, cancellationToken);
        var version = await envelope.RotateAsync(tenantId, cancellationToken);
        return new DataKeyView(tenantId, version, clock.GetUtcNow());
    }

    /// <summary>Deletes the tenant's data key, so every ciphertext sealed with any of its versions becomes unreadable.</summary>
    public async Task<DataKeyDeletionView> ShredAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var envelope = await EnvelopeFor(tenantId, cancellationToken);
        var deletion = await envelope.ShredAsync(tenantId, cancellationToken) ?? throw ServiceException.NotFound("data key");
        return new DataKeyDeletionView(tenantId, deletion.DeletedOn, deletion.Purged, deletion.Purged ? null : deletion.ScheduledPurgeDate);
    }

    private async Task<EnvelopeSecretSealer> EnvelopeFor(string tenantId, CancellationToken cancellationToken)
    {
        if (options.Value.SecretStore != SecretStoreKind.Envelope || sealer is null)
        {
            throw ServiceException.Conflict($"Data keys exist only with Credentials__SecretStore=Envelope; this deployment uses {options.Value.SecretStore}.");
        }

        await tenants.GetTenantAsync(tenantId, cancellationToken);
        return sealer;
    }
}

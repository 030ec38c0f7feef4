using Credentials.Core.Configuration;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Credentials;

/// <summary>
/// Where a credential's secret bundle lives. In the modes whose ciphertexts are in Table Storage (every mode but KeyVault) the
/// bundle is sealed into the credential row itself, so the row and its secret change in one write and a token read is one row
/// read; in KeyVault mode, and for rows written before bundles moved into rows, it is in the secret store.
/// </summary>
public class CredentialBundles
{
    private readonly ISecretStore store;
    private readonly ISecretSealer? sealer;

    /// <summary>Bundles over <paramref name="store"/>, sealed into rows with <paramref name="sealer"/> unless the mode is KeyVault.</summary>
    public CredentialBundles(ISecretStore store, IOptions<CredentialsOptions> options, ISecretSealer? sealer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.sealer = options.Value.SecretStore == SecretStoreKind.KeyVault ? null : sealer;
    }

    /// <summary>True when bundles are sealed into credential rows (every mode but KeyVault).</summary>
    public bool Inline => sealer is not null;

    /// <summary>
    /// The bundle of <paramref name="credential"/> as read with its row: opened from the row when sealed there (no storage call),
    /// else read from the secret store (KeyVault mode, or a row from before bundles moved into rows). Null when there is none.
    /// </summary>
    public virtual async Task<SecretBundle?> ReadAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.Sealed is { } sealedSecret)
        {
            var opener = sealer ?? throw new InvalidOperationException($"Credential {credential.CredentialId} holds a sealed bundle, but this mode has no sealer.");
            return SecretBundle.FromBytes(await opener.OpenAsync(credential.SecretAddress, credential.SecretGeneration, sealedSecret, cancellationToken));
        }

        var bytes = await store.GetAsync(credential.SecretAddress, cancellationToken);
        return bytes is null ? null : SecretBundle.FromBytes(bytes);
    }

    /// <summary>
    /// The stored row carrying <paramref name="bundle"/> sealed with the tenant's current key, at the bundle's generation (inline
    /// modes only). A row whose bundle was in the secret store remembers that the store's copy may remain until it is deleted.
    /// Throws <see cref="BundleTooLargeException"/> when the bundle does not fit a row.
    /// </summary>
    public virtual async Task<Credential> SealIntoAsync(Credential credential, SecretBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var sealedRow = await SealNewAsync(credential, bundle, cancellationToken);
        return sealedRow with { StoreCopyMayRemain = credential.StoreCopyMayRemain || credential.Sealed is null };
    }

    /// <summary>A new credential's row (never stored before) carrying <paramref name="bundle"/> sealed; see <see cref="SealIntoAsync"/>.</summary>
    public virtual async Task<Credential> SealNewAsync(Credential credential, SecretBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(bundle);
        var sealing = sealer ?? throw new InvalidOperationException("Bundles are sealed into rows only in the modes that keep ciphertexts in Table Storage.");
        var bytes = bundle.ToBytes();
        if (!SealedBundleLimit.Fits(bytes.Length))
        {
            throw new BundleTooLargeException(bytes.Length);
        }

        var sealedSecret = await sealing.SealAsync(credential.SecretAddress, bundle.Generation, bytes, cancellationToken);
        return credential with { Sealed = sealedSecret, SecretGeneration = bundle.Generation };
    }

    /// <summary>Writes <paramref name="bundle"/> to the secret store (KeyVault mode; the write before the row).</summary>
    public virtual Task StoreAsync(Credential credential, SecretBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(bundle);
        return store.SetAsync(credential.SecretAddress, bundle.ToBytes(), cancellationToken);
    }

    /// <summary>Deletes the secret store's copy of the credential's bundle (idempotent).</summary>
    public virtual Task DeleteStoredAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return store.DeleteAsync(credential.SecretAddress, cancellationToken);
    }

    /// <summary>Whether a delete of <paramref name="credential"/> must remove a copy in the secret store too.</summary>
    public static bool HasStoreCopy(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return credential.Sealed is null || credential.StoreCopyMayRemain;
    }

    /// <summary>Whether the key that sealed <paramref name="credential"/>'s bundle is not the tenant's current one (or it is still in the store).</summary>
    public virtual async Task<bool> NeedsResealAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return sealer is { } current
            && (credential.Sealed is not { } sealedSecret || sealedSecret.KeyId != await current.CurrentKeyIdAsync(credential.TenantId, cancellationToken));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Credentials.Core.Errors;

namespace Credentials.Core.Secrets;

/// <summary>
/// Tenants' data keys as versioned Key Vault secrets, <c>dk-{tenantId}</c>: each version is one 256-bit key (base64), so a
/// ciphertext names the version that sealed it and a rotation adds a version. A throttled or failing vault becomes a retryable
/// <see cref="ErrorCodes.SecretStoreUnavailable"/> problem; a deleted key a <see cref="DataKeyDeletedException"/>.
/// </summary>
/// <remarks>Retries (with the vault's Retry-After) belong to the <see cref="SecretClient"/> pipeline, as for the KeyVault store.</remarks>
public sealed partial class TenantDataKeyVault(SecretClient client)
{
    /// <summary>The prefix of data-key secret names.</summary>
    public const string NamePrefix = "dk-";

    private const string ContentType = "application/octet-stream; encoding=base64";
    private const int KeySize = 32;

    /// <summary>The vault secret name of a tenant's data key.</summary>
    public static string SecretName(string tenantId)
    {
        // Validated again here: a bad id must not address another tenant's key (names are case-insensitive) or reach the URL.
        if (tenantId is null || !TenantIdPattern().IsMatch(tenantId))
        {
            throw new ArgumentException("The tenant id must match ^[a-z0-9-]{1,100}$.", nameof(tenantId));
        }

        return NamePrefix + tenantId;
    }

    /// <summary>
    /// The tenant's current key, creating the first one when the tenant has none. Instances creating at the same time each add a
    /// version, then read the current one back and use that, so they converge on the last version written; an earlier one a
    /// process used in between stays readable by its version.
    /// </summary>
    public async Task<DataKey> GetOrCreateCurrentAsync(string tenantId, CancellationToken cancellationToken)
    {
        var name = SecretName(tenantId);
        try
        {
            return Parse(tenantId, (await client.GetSecretAsync(name, version: null, cancellationToken)).Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No key yet, or soft-deleted; the set below tells them apart (a soft-deleted name answers 409).
        }
        catch (RequestFailedException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }

        await AddVersionAsync(tenantId, cancellationToken);
        try
        {
            return Parse(tenantId, (await client.GetSecretAsync(name, version: null, cancellationToken)).Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new DataKeyDeletedException(tenantId);
        }
        catch (RequestFailedException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>One version of the tenant's key; a deleted key or an unknown version is a <see cref="DataKeyDeletedException"/>.</summary>
    public async Task<DataKey> GetVersionAsync(string tenantId, string version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        if (!VersionPattern().IsMatch(version))
        {
            throw new DataKeyDeletedException(tenantId, version);
        }

        try
        {
            return Parse(tenantId, (await client.GetSecretAsync(SecretName(tenantId), version, cancellationToken)).Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new DataKeyDeletedException(tenantId, version);
        }
        catch (RequestFailedException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Adds a new random version (a tenant's first key, or a rotation) and returns it.</summary>
    public async Task<DataKey> AddVersionAsync(string tenantId, CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var secret = new KeyVaultSecret(SecretName(tenantId), Convert.ToBase64String(key));
        secret.Properties.ContentType = ContentType;
        secret.Properties.Tags["tenant"] = tenantId;
        secret.Properties.Tags["purpose"] = "data-key";
        secret.Properties.Tags["algorithm"] = "A256GCM";
        try
        {
            var stored = (await client.SetSecretAsync(secret, cancellationToken)).Value;
            return new DataKey(stored.Properties.Version, key);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The name is soft-deleted: the tenant was shredded and nothing may be sealed for it until the key is purged.
            throw new DataKeyDeletedException(tenantId);
        }
        catch (RequestFailedException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// Deletes the tenant's key (every version) and purges it when the vault allows; null when the tenant never had one. Without
    /// a purge the key stays recoverable until its scheduled purge date.
    /// </summary>
    public async Task<DataKeyDeletion?> DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        var name = SecretName(tenantId);
        DeletedSecret deleted;
        try
        {
            var operation = await client.StartDeleteSecretAsync(name, cancellationToken);

            // A purge needs the delete to have finished; waiting costs a poll or two, once per shredding.
            deleted = (await operation.WaitForCompletionAsync(TimeSpan.FromSeconds(1), cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            try
            {
                deleted = (await client.GetDeletedSecretAsync(name, cancellationToken)).Value;
            }
            catch (RequestFailedException missing) when (missing.Status == 404)
            {
                return null;
            }
        }
        catch (RequestFailedException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }

        try
        {
            await client.PurgeDeletedSecretAsync(name, cancellationToken);
            return new DataKeyDeletion(deleted.DeletedOn, deleted.ScheduledPurgeDate, Purged: true);
        }
        catch (RequestFailedException e) when (e.Status is 403 or 409)
        {
            // Purge protection (403) purges it only at the end of the retention; 409: the vault is still deleting it.
            return new DataKeyDeletion(deleted.DeletedOn, deleted.ScheduledPurgeDate, Purged: false);
        }
    }

    private static DataKey Parse(string tenantId, KeyVaultSecret secret)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(secret.Value);
        }
        catch (FormatException)
        {
            key = [];
        }

        return key.Length == KeySize
            ? new DataKey(secret.Properties.Version, key)
            : throw new CryptographicException($"The data key '{secret.Properties.Version}' of tenant '{tenantId}' is not base64 of 32 bytes.");
    }

    private static bool IsTransient(RequestFailedException e) => e.Status is 0 or 408 or 429 or >= 500;

    private static ServiceException Unavailable(RequestFailedException e)
    {
        TimeSpan? retryAfter = e.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Max(1, seconds))
            : TimeSpan.FromSeconds(1);
        return new ServiceException(ErrorCodes.SecretStoreUnavailable, $"Key Vault answered {e.Status} for a data key; nothing was written. Try again later.")
        {
            RetryAfter = retryAfter,
        };
    }

    // \z rather than $: $ also matches before a trailing newline.
    [GeneratedRegex(@"\A[a-z0-9-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TenantIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}

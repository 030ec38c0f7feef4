using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace Credentials.Core.Secrets;

/// <summary>Keeps each secret bundle as one Key Vault secret, <c>cred-{OwnerId}</c>, tagged with its tenant and connector.</summary>
/// <remarks>
/// Retries belong to the <see cref="SecretClient"/> pipeline, not to this type, so the DI
/// registration owns them. It is expected to set <see cref="SecretClientOptions"/> to:
/// <list type="bullet">
/// <item><c>Retry.Mode = RetryMode.Exponential</c>, <c>Retry.Delay = 1 s</c>, <c>Retry.MaxDelay = 16 s</c>,
/// <c>Retry.MaxRetries = 5</c>: Key Vault's throttling guidance (wait 1, 2, 4, 8, 16 s on 429).
/// Azure.Core retries 408/429/500/502/503/504 and transport failures, and waits at least the
/// <c>Retry-After</c> the vault sends, even beyond <c>MaxDelay</c>.</item>
/// <item><c>Retry.NetworkTimeout = 15 s</c>: the default 100 s would eat a whole HTTP request's budget.</item>
/// <item><c>Diagnostics.IsLoggingContentEnabled = false</c> (the default): content logging would write
/// secret values into logs.</item>
/// </list>
/// Every refresh writes a new version; a vault allows about 300 creates per 10 s, so callers must not
/// write when nothing changed.
/// </remarks>
public sealed partial class KeyVaultSecretStore : ISecretStore
{
    private const string NamePrefix = "cred-";
    private const string JsonContentType = "application/json";
    private const string TenantTag = "tenant";
    private const string ConnectorTag = "connector";

    private readonly SecretClient _client;

    /// <summary>Creates the store over a configured client (see the type remarks for its options).</summary>
    public KeyVaultSecretStore(SecretClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public async Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        string name = SecretName(address);
        ArgumentException.ThrowIfNullOrEmpty(address.TenantId);
        ArgumentException.ThrowIfNullOrEmpty(address.ConnectorId);

        // Key Vault stores text. Decoding invalid UTF-8 would silently substitute U+FFFD and corrupt
        // the bundle, and a DecoderFallbackException would quote the offending (secret) bytes, so check first.
        if (!Utf8.IsValid(value.Span))
        {
            throw new ArgumentException("The secret value is not valid UTF-8.", nameof(value));
        }

        var secret = new KeyVaultSecret(name, Encoding.UTF8.GetString(value.Span));
        secret.Properties.ContentType = JsonContentType;
        secret.Properties.Tags[TenantTag] = address.TenantId;
        secret.Properties.Tags[ConnectorTag] = address.ConnectorId;

        // A set always creates a new version; the newest is what GetAsync reads.
        await _client.SetSecretAsync(secret, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        string name = SecretName(address);
        try
        {
            Response<KeyVaultSecret> response = await _client.GetSecretAsync(name, version: null, cancellationToken);
            return Encoding.UTF8.GetBytes(response.Value.Value);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never written, or soft-deleted: the vault answers 404 for both, and both mean "no secret".
            return null;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        string name = SecretName(address);
        try
        {
            // Only start the soft delete: the secret stops being readable at once, and waiting for the
            // operation (or purging) would cost polls against the vault's request budget for nothing.
            // A soft-deleted name cannot be set again until it is purged, which is fine here because
            // owner ids are random and never reused.
            await _client.StartDeleteSecretAsync(name, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Missing or already soft-deleted: the delete has already happened.
        }
    }

    private static string SecretName(SecretAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // Owner ids are validated upstream too; checking again keeps a bad id from addressing another
        // secret (Key Vault names are case-insensitive) or from reaching the URL path. The value is not
        // echoed, since a caller may have passed something that is not an id at all.
        if (address.OwnerId is null || !OwnerIdPattern().IsMatch(address.OwnerId))
        {
            throw new ArgumentException("The owner id must match ^[a-z0-9-]{1,100}$.", nameof(address));
        }

        return NamePrefix + address.OwnerId;
    }

    // \z rather than $: $ also matches before a trailing newline.
    [GeneratedRegex(@"\A[a-z0-9-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerIdPattern();
}

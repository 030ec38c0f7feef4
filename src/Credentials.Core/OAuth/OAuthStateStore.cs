using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Json;
using Credentials.Core.Storage;

namespace Credentials.Core.OAuth;

/// <summary>
/// Pending OAuth states. The state value starts with its expiry hour, which is also the partition, so the sweep deletes
/// whole expired hours with a range query and never reads live states. A state is a bearer value (for connectors without
/// PKCE it alone binds the callback to the flow), so the row is keyed by its SHA-256 and does not hold the state itself:
/// neither a reader of the table nor request URIs that storage clients log or trace learn it.
/// </summary>
public class OAuthStateStore(TableProvider tables)
{
    private const string BucketFormat = "yyyyMMddHH";

    /// <summary>A new state value for a request expiring at <paramref name="expiresAt"/>: the hour bucket and 256 random bits.</summary>
    public static string NewState(DateTimeOffset expiresAt)
        => expiresAt.UtcDateTime.ToString(BucketFormat, CultureInfo.InvariantCulture) + Base64UrlRandom(32);

    /// <summary>A PKCE verifier: 32 random bytes, base64url (43 characters, RFC 7636).</summary>
    public static string NewCodeVerifier() => Base64UrlRandom(32);

    /// <summary>Stores a state.</summary>
    public virtual async Task SaveAsync(OAuthState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await tables.GetTableAsync(TableNames.OAuthStates, cancellationToken);
        await table.AddEntityAsync(
            new OAuthStateEntity { PartitionKey = Partition(state.State)!, RowKey = RowKeyOf(state.State), Json = JsonSerializer.Serialize(state with { State = string.Empty }, CredentialsJson.Options) },
            cancellationToken);
    }

    /// <summary>
    /// Reads and deletes the state in one conditional step (If-Match), so it can be used once; null when unknown, already used
    /// or expired.
    /// </summary>
    public virtual async Task<OAuthState?> ConsumeAsync(string? state, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var partition = Partition(state);
        if (partition is null)
        {
            return null;
        }

        var table = await tables.GetTableAsync(TableNames.OAuthStates, cancellationToken);
        var rowKey = RowKeyOf(state!);
        var response = await table.GetEntityIfExistsAsync<OAuthStateEntity>(partition, rowKey, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        try
        {
            // The SDK reports a missing entity as a 404 response rather than an exception: a concurrent consumer won.
            var deleted = await table.DeleteEntityAsync(partition, rowKey, entity.ETag, cancellationToken);
            if (deleted.Status == 404)
            {
                return null;
            }
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<OAuthState>(entity.Json, CredentialsJson.Options);
        return stored is not null && stored.ExpiresAt > now ? stored with { State = state! } : null;
    }

    /// <summary>Deletes every state whose hour has passed; reads only expired partitions. Returns how many were removed.</summary>
    public virtual async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.OAuthStates, cancellationToken);
        var currentBucket = "b" + now.UtcDateTime.ToString(BucketFormat, CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {currentBucket}");
        var removed = 0;
        await foreach (var entity in table.QueryAsync<OAuthStateEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
            removed++;
        }

        return removed;
    }

    /// <summary>The RowKey of a state: lowercase base32 of its SHA-256 (a state is 256 random bits, so no salt is needed).</summary>
    public static string RowKeyOf(string state)
        => Ids.Base32.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(state ?? throw new ArgumentNullException(nameof(state)))));

    private static string? Partition(string? state)
    {
        if (state is null || state.Length != BucketFormat.Length + 43 || !state.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        return DateTime.TryParseExact(state[..BucketFormat.Length], BucketFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? "b" + state[..BucketFormat.Length]
            : null;
    }

    private static string Base64UrlRandom(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    private sealed class OAuthStateEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = string.Empty;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Json { get; set; } = "{}";
    }
}

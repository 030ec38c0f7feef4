using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Credentials.Core.Storage;
using Credentials.DevServer.Storage;

namespace Credentials.Benchmarks.Support;

/// <summary>A table provider pointing at a closed port: handed to store base classes whose methods are all overridden, so any use fails loudly.</summary>
public static class UnusedTables
{
    /// <summary>The provider.</summary>
    public static TableProvider Provider { get; } = new(new TableServiceClient(
        new Uri("http://127.0.0.1:9/" + AzuriteLauncher.AccountName), new TableSharedKeyCredential(AzuriteLauncher.AccountName, AzuriteLauncher.AccountKey)));
}

/// <summary>Credential rows in a dictionary with Table Storage's ETag rules (If-Match on replace and delete; 409 on a duplicate insert).</summary>
public sealed class MemoryCredentialStore() : CredentialStore(UnusedTables.Provider)
{
    private readonly ConcurrentDictionary<string, Row> rows = new(StringComparer.Ordinal);
    private long version;
    private long reads;
    private long updates;
    private long conflicts;

    /// <summary>Point reads so far.</summary>
    public long Reads => Interlocked.Read(ref reads);

    /// <summary>Conditional updates so far (successful or not).</summary>
    public long Updates => Interlocked.Read(ref updates);

    /// <summary>Conditional updates refused because the ETag had moved on.</summary>
    public long Conflicts => Interlocked.Read(ref conflicts);

    /// <summary>Rows held.</summary>
    public int Count => rows.Count;

    /// <inheritdoc />
    public override Task CreateAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!rows.TryAdd(credential.CredentialId, new Row(credential, NextETag())))
        {
            throw new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<(Credential Credential, ETag ETag)?> GetAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref reads);
        return Task.FromResult<(Credential, ETag)?>(rows.TryGetValue(credentialId, out var row) ? (row.Credential, row.ETag) : null);
    }

    /// <inheritdoc />
    public override async Task<bool> ReplaceAsync(Credential credential, ETag etag, CancellationToken cancellationToken = default)
        => await TryReplaceAsync(credential, etag, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    public override Task<ETag?> TryReplaceAsync(Credential credential, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        Interlocked.Increment(ref updates);
        if (rows.TryGetValue(credential.CredentialId, out var current) && (etag == ETag.All || current.ETag == etag))
        {
            var replacement = new Row(credential, NextETag());
            if (rows.TryUpdate(credential.CredentialId, replacement, current))
            {
                return Task.FromResult<ETag?>(replacement.ETag);
            }
        }

        Interlocked.Increment(ref conflicts);
        return Task.FromResult<ETag?>(null);
    }

    /// <inheritdoc />
    public override Task<bool> DeleteAsync(string credentialId, ETag etag, CancellationToken cancellationToken = default)
    {
        if (!rows.TryGetValue(credentialId, out var current))
        {
            return Task.FromResult(true);
        }

        return Task.FromResult((etag == ETag.All || current.ETag == etag) && rows.TryRemove(new KeyValuePair<string, Row>(credentialId, current)));
    }

    private ETag NextETag() => new(Interlocked.Increment(ref version).ToString(CultureInfo.InvariantCulture));

    // A class, so TryUpdate compares by reference: an update wins only against the exact row (and ETag) it read.
    private sealed class Row(Credential credential, ETag etag)
    {
        public Credential Credential { get; } = credential;

        public ETag ETag { get; } = etag;
    }
}

/// <summary>
/// The due index in sorted sets, one per shard, keyed like the table (<c>{yyyyMMddHHmmssfff}|{credentialId}</c>). Reads come
/// in pages of 1,000 taken under the shard's lock and yielded outside it, as the table query streams its pages.
/// </summary>
public sealed class MemoryRefreshIndexStore() : RefreshIndexStore(UnusedTables.Provider)
{
    private const int PageSize = 1000;
    private const string TimeFormat = "yyyyMMddHHmmssfff";
    private readonly SortedSet<string>[] shards = [.. Enumerable.Range(0, Shards).Select(_ => new SortedSet<string>(StringComparer.Ordinal))];
    private long adds;
    private long removes;
    private long pages;
    private long entitiesRead;

    /// <summary>Upserts so far.</summary>
    public long Adds => Interlocked.Read(ref adds);

    /// <summary>Deletes so far.</summary>
    public long Removes => Interlocked.Read(ref removes);

    /// <summary>Pages read (each would be one query request).</summary>
    public long Pages => Interlocked.Read(ref pages);

    /// <summary>Entries returned by reads.</summary>
    public long EntitiesRead => Interlocked.Read(ref entitiesRead);

    /// <summary>Entries held.</summary>
    public int Count => shards.Sum(s =>
    {
        lock (s)
        {
            return s.Count;
        }
    });

    /// <inheritdoc />
    public override Task AddAsync(string credentialId, DateTimeOffset nextRefreshAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref adds);
        var shard = ShardOf(credentialId);
        lock (shard)
        {
            shard.Add(Key(credentialId, nextRefreshAt));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task RemoveAsync(string credentialId, DateTimeOffset nextRefreshAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref removes);
        var shard = ShardOf(credentialId);
        lock (shard)
        {
            shard.Remove(Key(credentialId, nextRefreshAt));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<DueEntry> ReadDueAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var upper = now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "}";
        var page = new List<string>(PageSize);
        foreach (var shard in shards)
        {
            string? after = null;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                page.Clear();
                lock (shard)
                {
                    if (shard.Count > 0 && string.CompareOrdinal(after ?? string.Empty, upper) < 0)
                    {
                        foreach (var key in shard.GetViewBetween(after ?? string.Empty, upper))
                        {
                            if (after is not null && key == after)
                            {
                                continue;
                            }

                            if (page.Count == PageSize || string.CompareOrdinal(key, upper) >= 0)
                            {
                                break;
                            }

                            page.Add(key);
                        }
                    }
                }

                Interlocked.Increment(ref pages);
                Interlocked.Add(ref entitiesRead, page.Count);
                after = page.Count == PageSize ? page[^1] : null;
                foreach (var key in page)
                {
                    var bar = key.IndexOf('|', StringComparison.Ordinal);
                    var at = DateTime.ParseExact(key[..bar], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                    yield return new DueEntry(key[(bar + 1)..], new DateTimeOffset(at, TimeSpan.Zero));
                }

                await Task.CompletedTask.ConfigureAwait(false);
            }
            while (after is not null);
        }
    }

    /// <summary>The index row key of an entry (the table's format).</summary>
    public static string Key(string credentialId, DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "|" + credentialId;

    private SortedSet<string> ShardOf(string credentialId) => shards[int.Parse(Shard(credentialId).AsSpan(1), CultureInfo.InvariantCulture)];
}

/// <summary>The sweep's OAuth state clean-up with nothing to clean (the in-memory runs have no state table).</summary>
public sealed class NoOAuthStates() : OAuthStateStore(UnusedTables.Provider)
{
    /// <inheritdoc />
    public override Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
}

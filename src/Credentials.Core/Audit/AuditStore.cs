using System.Globalization;
using Azure.Data.Tables;
using Credentials.Core.Paging;
using Credentials.Core.Storage;

namespace Credentials.Core.Audit;

/// <summary>
/// The audit trail in Table Storage: one table per month (<c>audit{yyyyMM}</c>), so retention drops whole tables instead of
/// deleting rows. Each entry is written to its tenant's partition (<c>t|{tenantId}</c>) and, when it names them, to its
/// credential's (<c>c|{tenantId}|{credentialId}</c>) and its user's (<c>u|{tenantId}|{userId}</c>), under the same RowKey (its
/// id: inverted time first), so every listing is one range query, newest first. The tenant partition is written first: an entry
/// in a credential's or user's listing is always in the tenant's (docs/consistency.md, I10).
/// </summary>
public class AuditStore(TableProvider tables)
{
    /// <summary>The prefix of the monthly tables.</summary>
    public const string TablePrefix = "audit";

    private const string MonthFormat = "yyyyMM";
    private const int MaxPathLength = 1024;

    /// <summary>The table of the month <paramref name="at"/> falls in.</summary>
    public static string TableOf(DateTimeOffset at) => TablePrefix + at.UtcDateTime.ToString(MonthFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes entries (upserts by id: writing one again changes nothing): tenant partitions first, then credential and user ones.</summary>
    public virtual async Task AppendAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = entries.SelectMany(e => PartitionsOf(e).Select(partition => (Table: TableOf(e.At), Order: partition.StartsWith("t|", StringComparison.Ordinal) ? 0 : 1, Row: ToEntity(partition, e)))).ToList();
        foreach (var group in rows.GroupBy(r => (r.Table, r.Order, r.Row.PartitionKey)).OrderBy(g => g.Key.Order))
        {
            var table = await tables.GetTableAsync(group.Key.Table, cancellationToken);
            foreach (var chunk in group.Select(r => r.Row).Chunk(TableBatch.MaxActions))
            {
                await TableBatch.SubmitAsync(table, [.. chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row))], cancellationToken);
            }
        }
    }

    /// <summary>
    /// One page of the tenant's entries matching <paramref name="query"/>, newest first, never older than <paramref name="oldest"/>
    /// (the retention). Reads only the months in range and only the listing asked for.
    /// </summary>
    public virtual async Task<Page<AuditEntry>> QueryAsync(string tenantId, AuditQuery query, PageRequest page, DateTimeOffset now, DateTimeOffset oldest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        var from = query.From is { } f && f > oldest ? f : oldest;
        var to = query.To is { } t && t < now ? t : now;
        var partition = query.CredentialId is { } credentialId ? $"c|{tenantId}|{credentialId}"
            : query.UserId is { } userId ? $"u|{tenantId}|{userId}"
            : $"t|{tenantId}";
        var (month, after) = Resume(page.StorageToken, to);
        var newest = AuditTrail.InvertedTime(to);
        var oldestKey = AuditTrail.InvertedTime(from) + "~";
        var items = new List<AuditEntry>();

        for (; month >= FirstOfMonth(from) && items.Count < page.Limit; month = month.AddMonths(-1), after = null)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Require(partition)} and RowKey ge {newest} and RowKey le {oldestKey}");
            if (after is not null)
            {
                filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
            }

            // A month without entries has no table: reading it must not create one.
            var table = tables.Existing(TableOf(month));
            try
            {
                await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: page.Limit, cancellationToken: cancellationToken))
                {
                    var entry = FromEntity(tenantId, row);
                    if (query.UserId is null || query.CredentialId is null || entry.UserId == query.UserId)
                    {
                        items.Add(entry);
                    }

                    if (items.Count == page.Limit)
                    {
                        return new Page<AuditEntry>(items, PageRequest.Wrap(month.ToString(MonthFormat, CultureInfo.InvariantCulture) + "|" + row.RowKey));
                    }
                }
            }
            catch (Azure.RequestFailedException e) when (e.IsNotFound())
            {
                // No entries that month.
            }
        }

        return new Page<AuditEntry>(items, null);
    }

    /// <summary>Drops every monthly table whose last entry is older than <paramref name="oldest"/>; the names of those dropped. Reads only the table list.</summary>
    public virtual async Task<IReadOnlyList<string>> DeleteExpiredAsync(DateTimeOffset oldest, CancellationToken cancellationToken = default)
    {
        var dropped = new List<string>();
        await foreach (var name in tables.TableNamesAsync(TablePrefix, cancellationToken))
        {
            if (DateTime.TryParseExact(name[TablePrefix.Length..], MonthFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var month)
                && new DateTimeOffset(month, TimeSpan.Zero).AddMonths(1) <= oldest)
            {
                await tables.DeleteTableAsync(name, cancellationToken);
                dropped.Add(name);
            }
        }

        return dropped;
    }

    private static DateTimeOffset FirstOfMonth(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    // The month to read first and the RowKey to continue after: from a continuation token, or the month of "to".
    private static (DateTimeOffset Month, string? After) Resume(string? token, DateTimeOffset to)
    {
        if (token is null)
        {
            return (FirstOfMonth(to), null);
        }

        var parts = token.Split('|', 2);
        if (parts.Length != 2 || !DateTime.TryParseExact(parts[0], MonthFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var month)
            || !TableKeys.IsValid(parts[1]))
        {
            throw Errors.ServiceException.Invalid("continuationToken", "The continuation token is not valid.");
        }

        return (new DateTimeOffset(month, TimeSpan.Zero), parts[1]);
    }

    private static IEnumerable<string> PartitionsOf(AuditEntry entry)
    {
        yield return $"t|{entry.TenantId}";
        if (entry.CredentialId is { } credentialId)
        {
            yield return $"c|{entry.TenantId}|{credentialId}";
        }

        if (entry.UserId is { } userId)
        {
            yield return $"u|{entry.TenantId}|{userId}";
        }
    }

    private static TableEntity ToEntity(string partition, AuditEntry e) => new(TableKeys.Require(partition), TableKeys.Require(e.Id))
    {
        ["At"] = e.At,
        ["Act"] = e.Act,
        ["Actor"] = e.Actor,
        ["CredentialId"] = e.CredentialId,
        ["UserId"] = e.UserId,
        ["ConnectorId"] = e.ConnectorId,
        ["Outcome"] = e.Outcome,
        ["Method"] = e.Method,
        ["Host"] = e.Host,
        ["Path"] = e.Path is { Length: > MaxPathLength } path ? path[..MaxPathLength] : e.Path,
        ["Status"] = e.Status,
    };

    private static AuditEntry FromEntity(string tenantId, TableEntity row) => new()
    {
        Id = row.RowKey,
        At = row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        TenantId = tenantId,
        Act = row.GetString("Act"),
        Actor = row.GetString("Actor"),
        CredentialId = row.GetString("CredentialId"),
        UserId = row.GetString("UserId"),
        ConnectorId = row.GetString("ConnectorId"),
        Outcome = row.GetString("Outcome"),
        Method = row.GetString("Method"),
        Host = row.GetString("Host"),
        Path = row.GetString("Path"),
        Status = row.GetInt32("Status"),
    };
}

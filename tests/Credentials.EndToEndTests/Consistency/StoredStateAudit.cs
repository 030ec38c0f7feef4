using Azure;
using Azure.Data.Tables;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>A credential's secret in the Local secret store: owner id (the credential id) and the tenant it is tagged with.</summary>
public sealed record StoredSecret(string CredentialId, string? TenantId);

/// <summary>A row of the due index: the credential it schedules and its row key.</summary>
public sealed record StoredDueEntry(string CredentialId, string RowKey);

/// <summary>Every credential id the secret store and the due index still hold.</summary>
public sealed record StoredReferences(IReadOnlyList<StoredSecret> Secrets, IReadOnlyList<StoredDueEntry> DueEntries);

/// <summary>
/// Reads what the service stored, straight from the tables with Azure.Data.Tables, and checks it against what the API shows
/// (invariant I2). Only two layouts are relied on: the Local secret store's table <c>secrets</c> (PartitionKey = owner id;
/// credential secrets are owned by the credential id, <c>crd-...</c>, and carry <c>TenantId</c>) and the due index
/// <c>refreshindex</c> (RowKey = <c>{yyyyMMddHHmmssfff}|{credentialId}</c>). The credential and user tables are not read:
/// whether a credential exists is asked of the API, so this class survives changes to their layout.
/// </summary>
public sealed class StoredStateAudit(TableServiceClient tables)
{
    public const string SecretsTable = "secrets";
    public const string DueIndexTable = "refreshindex";
    public const string CredentialIdPrefix = "crd-";

    /// <summary>Reads every credential secret and every due-index row.</summary>
    public async Task<StoredReferences> ReadAsync(CancellationToken cancellationToken)
    {
        var secrets = new List<StoredSecret>();

        // '.' follows '-': the range holds exactly the owner ids starting with "crd-".
        var credentialOwners = TableClient.CreateQueryFilter($"PartitionKey ge {CredentialIdPrefix} and PartitionKey lt {"crd."}");
        await foreach (var row in QueryAsync(SecretsTable, credentialOwners, ["PartitionKey", "TenantId"], cancellationToken))
        {
            secrets.Add(new StoredSecret(row.PartitionKey, row.GetString("TenantId")));
        }

        var due = new List<StoredDueEntry>();
        await foreach (var row in QueryAsync(DueIndexTable, filter: null, ["PartitionKey", "RowKey"], cancellationToken))
        {
            var bar = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            due.Add(new StoredDueEntry(bar < 0 ? row.RowKey : row.RowKey[(bar + 1)..], row.RowKey));
        }

        return new StoredReferences(secrets, due);
    }

    /// <summary>I2: a credential secret whose credential the API does not show for the secret's tenant is debris.</summary>
    public static IEnumerable<Violation> SecretsWithoutCredential(StoredReferences stored, ApiObservation api)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(api);
        foreach (var secret in stored.Secrets)
        {
            var seen = api.Credential(secret.CredentialId);
            if (seen is not { Shown: true })
            {
                yield return new Violation(Invariants.NothingOutlivesItsCredential, secret.CredentialId, $"its secret (tenant {secret.TenantId}) is still in table '{SecretsTable}' but GET /credentials/{secret.CredentialId} answers {seen?.Get.Describe() ?? "nothing"}");
            }
            else if (!string.Equals(seen.TenantId, secret.TenantId, StringComparison.Ordinal))
            {
                yield return new Violation(Invariants.NothingOutlivesItsCredential, secret.CredentialId, $"its secret is tagged with tenant {secret.TenantId} but the credential belongs to {seen.TenantId}");
            }
        }
    }

    /// <summary>I2: a due-index row whose credential the API does not show (for any tenant) is debris.</summary>
    public static IEnumerable<Violation> DueEntriesWithoutCredential(StoredReferences stored, ApiObservation api)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(api);
        foreach (var entry in stored.DueEntries)
        {
            var seen = api.Credential(entry.CredentialId);
            if (seen is not { Shown: true })
            {
                yield return new Violation(Invariants.NothingOutlivesItsCredential, entry.CredentialId, $"due-index row '{entry.RowKey}' is still in table '{DueIndexTable}' but GET /credentials/{entry.CredentialId} answers {seen?.Get.Describe() ?? "nothing"}");
            }
        }
    }

    // A table the service has not created yet holds nothing.
    private async IAsyncEnumerable<TableEntity> QueryAsync(string table, string? filter, string[] select, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = tables.GetTableClient(table);
        var pages = client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: select, cancellationToken: cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            Page<TableEntity> page;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }

                page = enumerator.Current;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                yield break;
            }

            foreach (var row in page.Values)
            {
                yield return row;
            }
        }
    }
}

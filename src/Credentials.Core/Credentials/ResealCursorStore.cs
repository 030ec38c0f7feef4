using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Credentials;

/// <summary>The re-sealing pass's cursor: one row (<c>maintenance</c>, partition <c>reseal</c>, row <c>cursor</c>), so a restart resumes.</summary>
public class ResealCursorStore(TableProvider tables)
{
    private const string Partition = "reseal";
    private const string Row = "cursor";

    /// <summary>The cursor, or a fresh one when none is stored.</summary>
    public virtual async Task<ResealCursor> ReadAsync(CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Maintenance, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } row
            ? new ResealCursor(row.GetString("ContinuationToken"), row.GetDateTimeOffset("NextPassAt"), row.ETag)
            : new ResealCursor(null, null, null);
    }

    /// <summary>Moves the cursor from <paramref name="read"/> (If-Match, or insert when it was absent); false when another instance moved it first.</summary>
    public virtual async Task<bool> MoveAsync(ResealCursor read, string? continuationToken, DateTimeOffset? nextPassAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var table = await tables.GetTableAsync(TableNames.Maintenance, cancellationToken);
        var row = new TableEntity(Partition, Row) { ["ContinuationToken"] = continuationToken, ["NextPassAt"] = nextPassAt };
        try
        {
            if (read.ETag is { } etag)
            {
                await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(row, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound() || e.Status == 409)
        {
            return false;
        }
    }
}

using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.UnitTests.Storage;

public class TableBatchTests
{
    [Fact]
    public async Task CrossPartitionTransactionIsRefusedBeforeAnyRequest()
    {
        // The client points nowhere: the guard must refuse before any request is attempted.
        var table = new TableClient(new Uri("http://127.0.0.1:9/devstoreaccount1/t"), "t", new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])));
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity("p1", "a")),
            new(TableTransactionActionType.Add, new TableEntity("p2", "b")),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => TableBatch.SubmitAsync(table, actions));
    }

    [Fact]
    public async Task OversizedTransactionIsRefused()
    {
        var table = new TableClient(new Uri("http://127.0.0.1:9/devstoreaccount1/t"), "t", new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])));
        var actions = Enumerable.Range(0, TableBatch.MaxActions + 1)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}")))
            .ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => TableBatch.SubmitAsync(table, actions));
    }
}

using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Credentials.Core.Storage;

namespace Credentials.IntegrationTests.Idempotency;

/// <summary>Counts the rows that queries (not point reads) of the idempotency table returned, to prove what the cleanup reads.</summary>
public sealed class QueriedRowCounter : HttpPipelineSynchronousPolicy
{
    private int rows;

    public int Rows => Volatile.Read(ref rows);

    public void Reset() => Interlocked.Exchange(ref rows, 0);

    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request.Method == RequestMethod.Get
            && message.Request.Uri.Path.Contains("/" + TableNames.Idempotency + "()", StringComparison.Ordinal)
            && message.Response.Status == 200)
        {
            using var document = JsonDocument.Parse(message.Response.Content);
            if (document.RootElement.TryGetProperty("value", out var value))
            {
                Interlocked.Add(ref rows, value.GetArrayLength());
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Credentials.Benchmarks.Support;

/// <summary>What one Table Storage request does, told apart by method, path and If-Match.</summary>
public enum TableOp
{
    /// <summary>GET of one entity by PartitionKey and RowKey.</summary>
    PointRead,

    /// <summary>GET of a table's entities with a filter (one request per page).</summary>
    Query,

    /// <summary>POST of a new entity.</summary>
    Insert,

    /// <summary>PUT/MERGE/PATCH with an If-Match ETag (optimistic concurrency).</summary>
    ConditionalUpdate,

    /// <summary>PUT/MERGE/PATCH without If-Match (insert-or-replace) or with If-Match: *.</summary>
    Upsert,

    /// <summary>DELETE of one entity.</summary>
    Delete,

    /// <summary>POST $batch (an entity group transaction).</summary>
    Batch,

    /// <summary>Table creation and other service-level requests.</summary>
    Admin,
}

/// <summary>
/// Counts Table Storage requests by table and kind, and the entities each response carried: 1 for a point read that found
/// its entity, the length of the <c>value</c> array for a query page. Added at <see cref="HttpPipelinePosition.PerCall"/>, it
/// sees one logical operation however often the SDK retried it; <see cref="AttemptCounter"/> at PerRetry counts the wire.
/// </summary>
public sealed class TableOpCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<(string Table, TableOp Op), Tally> tallies = new();

    /// <summary>Wire attempts (the PerRetry companion of this counter).</summary>
    public AttemptCounter Attempts { get; } = new();

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Record(message);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Record(message);
    }

    /// <summary>The counts so far (subtract two snapshots to get what happened in between).</summary>
    public TableCounts Snapshot() => new(
        tallies.ToDictionary(p => p.Key, p => new TallyValue(Interlocked.Read(ref p.Value.Requests), Interlocked.Read(ref p.Value.Entities), Interlocked.Read(ref p.Value.Failures))),
        Attempts.Count);

    private void Record(HttpMessage message)
    {
        var request = message.Request;
        var path = request.Uri.Path;
        var segment = path[(path.LastIndexOf('/') + 1)..];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        var table = paren < 0 ? segment : segment[..paren];
        var keyed = paren >= 0 && paren + 1 < segment.Length && segment[paren + 1] != ')';
        var method = request.Method;
        TableOp op;
        if (table.Equals("Tables", StringComparison.OrdinalIgnoreCase) || table.Length == 0)
        {
            op = TableOp.Admin;
        }
        else if (table == "$batch")
        {
            op = TableOp.Batch;
        }
        else if (method == RequestMethod.Get)
        {
            op = keyed ? TableOp.PointRead : TableOp.Query;
        }
        else if (method == RequestMethod.Post)
        {
            op = TableOp.Insert;
        }
        else if (method == RequestMethod.Delete)
        {
            op = TableOp.Delete;
        }
        else
        {
            op = request.Headers.TryGetValue("If-Match", out var ifMatch) && ifMatch != "*" ? TableOp.ConditionalUpdate : TableOp.Upsert;
        }

        var status = message.HasResponse ? message.Response.Status : 0;
        long entities = 0;
        if (status == 200 && op == TableOp.PointRead)
        {
            entities = 1;
        }
        else if (status == 200 && op == TableOp.Query)
        {
            entities = CountValueArray(message.Response);
        }

        var tally = tallies.GetOrAdd((table, op), _ => new Tally());
        Interlocked.Increment(ref tally.Requests);
        Interlocked.Add(ref tally.Entities, entities);
        if (status is 0 or >= 400)
        {
            Interlocked.Increment(ref tally.Failures);
        }
    }

    /// <summary>The number of objects in the top-level <c>value</c> array of a query response (the body is buffered by the SDK).</summary>
    private static long CountValueArray(Response response)
    {
        var reader = new Utf8JsonReader(response.Content.ToMemory().Span);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("value"))
            {
                reader.Read();
                long count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        count++;
                        reader.Skip();
                    }
                }

                return count;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
            {
                reader.Skip();
            }
        }

        return 0;
    }

    private sealed class Tally
    {
        public long Requests;
        public long Entities;
        public long Failures;
    }
}

/// <summary>Counts requests on the wire (added PerRetry, so a retried operation counts each attempt).</summary>
public sealed class AttemptCounter : HttpPipelineSynchronousPolicy
{
    private long count;

    /// <summary>Attempts so far.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref count);
}

/// <summary>Requests, entities returned and failed responses (status >= 400) of one table and kind.</summary>
public readonly record struct TallyValue(long Requests, long Entities, long Failures);

/// <summary>A snapshot of <see cref="TableOpCounter"/>.</summary>
public sealed class TableCounts(IReadOnlyDictionary<(string Table, TableOp Op), TallyValue> tallies, long attempts)
{
    private readonly IReadOnlyDictionary<(string Table, TableOp Op), TallyValue> tallies = tallies;

    /// <summary>Wire attempts (retries included).</summary>
    public long Attempts { get; } = attempts;

    /// <summary>Requests of a kind, on one table or all (table management requests only when asked for).</summary>
    public long Requests(TableOp? op = null, string? table = null) => Sum(op, table, v => v.Requests);

    /// <summary>Entities returned by requests of a kind.</summary>
    public long Entities(TableOp? op = null, string? table = null) => Sum(op, table, v => v.Entities);

    /// <summary>Responses with status >= 400 (412 lost races, 404 misses).</summary>
    public long Failures(TableOp? op = null, string? table = null) => Sum(op, table, v => v.Failures);

    /// <summary>What happened between <paramref name="before"/> and this snapshot.</summary>
    public TableCounts Minus(TableCounts before) => Combine(before, -1);

    /// <summary>The sum of two stretches of counts.</summary>
    public TableCounts Plus(TableCounts other) => Combine(other, 1);

    private TableCounts Combine(TableCounts other, int sign)
    {
        ArgumentNullException.ThrowIfNull(other);
        var keys = tallies.Keys.Union(other.tallies.Keys);
        return new TableCounts(
            keys.ToDictionary(k => k, k =>
            {
                var a = tallies.GetValueOrDefault(k);
                var b = other.tallies.GetValueOrDefault(k);
                return new TallyValue(a.Requests + (sign * b.Requests), a.Entities + (sign * b.Entities), a.Failures + (sign * b.Failures));
            }),
            Attempts + (sign * other.Attempts));
    }

    private long Sum(TableOp? op, string? table, Func<TallyValue, long> pick)
        => tallies.Where(p => (op is null ? p.Key.Op != TableOp.Admin : p.Key.Op == op) && (table is null || p.Key.Table == table)).Sum(p => pick(p.Value));
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Credentials.TestSupport.Crashes;

/// <summary>
/// Counts the storage calls of one service process and, once armed at N, refuses call N and every later call before it is
/// sent, as a killed process would: nothing after the crash point reaches storage, not even clean-up in catch or finally.
/// </summary>
/// <remarks>
/// Install it per call (<see cref="HttpPipelinePosition.PerCall"/>): per-call policies run before the SDK's retry policy, so one
/// logical call counts once however often the SDK retries it, and the <see cref="SimulatedCrashException"/> never reaches the
/// retry policy. <see cref="CrashingSecretStore"/> feeds the same counter for secret stores that do not speak HTTP.
/// </remarks>
public sealed partial class CrashPolicy : HttpPipelinePolicy
{
    private const string DevelopmentAccountPrefix = "devstoreaccount1/";

    private readonly Lock gate = new();
    private readonly List<string> calls = [];
    private int? crashAt;
    private int refused;

    /// <summary>An unarmed policy: it only counts and describes.</summary>
    public CrashPolicy()
    {
    }

    /// <summary>A policy armed at <paramref name="crashAt"/> (1-based).</summary>
    public CrashPolicy(int crashAt) => Arm(crashAt);

    /// <summary>Storage calls attempted since the last <see cref="Arm"/> or <see cref="Restart"/>, refused ones included.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return calls.Count;
            }
        }
    }

    /// <summary>A short description of each attempted call, in order: method and resource path without query, e.g. <c>POST users</c>.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>The 1-based call from which every call is refused, or null while unarmed.</summary>
    public int? CrashAt
    {
        get
        {
            lock (gate)
            {
                return crashAt;
            }
        }
    }

    /// <summary>True once a call was refused: the process is dead from then on.</summary>
    public bool HasCrashed
    {
        get
        {
            lock (gate)
            {
                return refused > 0;
            }
        }
    }

    /// <summary>Starts counting again from zero and refuses call <paramref name="crashAt"/> (1-based) and every later one.</summary>
    public void Arm(int crashAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(crashAt, 1);
        lock (gate)
        {
            calls.Clear();
            refused = 0;
            this.crashAt = crashAt;
        }
    }

    /// <summary>Disarms and starts counting again from zero.</summary>
    public void Restart()
    {
        lock (gate)
        {
            calls.Clear();
            refused = 0;
            crashAt = null;
        }
    }

    /// <summary>Counts one storage call; throws <see cref="SimulatedCrashException"/> when it is at or past the crash point.</summary>
    public void OnStorageCall(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        lock (gate)
        {
            calls.Add(description);
            if (crashAt is { } n && calls.Count >= n)
            {
                refused++;
                throw new SimulatedCrashException($"Simulated crash at storage call {calls.Count} (armed at {n}): {description}");
            }
        }
    }

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        OnStorageCall(Describe(message.Request));
        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        OnStorageCall(Describe(message.Request));
        return ProcessNextAsync(message, pipeline);
    }

    /// <summary>
    /// Method and decoded resource path without query or storage account, with the keys of an inserted entity and the
    /// operations of a transaction, e.g. <c>GET users(PartitionKey='p',RowKey='r')</c>, <c>POST users(PartitionKey='p',RowKey='r')</c>,
    /// <c>POST $batch [PUT credentials(PartitionKey='p',RowKey='r'); POST credentials(PartitionKey='p',RowKey='s')]</c>.
    /// </summary>
    public static string Describe(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var description = $"{request.Method} {ResourcePath(request.Uri.Path)}";
        if (request.Content is null || request.Method != RequestMethod.Post)
        {
            return description;
        }

        var body = ReadBody(request.Content);
        if (description.EndsWith("$batch", StringComparison.Ordinal))
        {
            return $"{description} [{string.Join("; ", BatchOperations(body))}]";
        }

        return EntityKeys(body) is { } keys ? description + keys : description;
    }

    private static string ResourcePath(string path)
    {
        path = Uri.UnescapeDataString(path).TrimStart('/');
        return path.StartsWith(DevelopmentAccountPrefix, StringComparison.Ordinal) ? path[DevelopmentAccountPrefix.Length..] : path;
    }

    private static string ReadBody(RequestContent content)
    {
        // Table request bodies are buffered (the retry policy resends them), so reading them here changes nothing.
        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The changes of a transaction: each part's request line, and the keys of an insert from the JSON body that follows it.
    private static IEnumerable<string> BatchOperations(string body)
    {
        string? pendingInsert = null;
        foreach (var line in body.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (BatchRequestLine().Match(line) is { Success: true } request)
            {
                if (pendingInsert is not null)
                {
                    yield return pendingInsert;
                }

                var operation = $"{request.Groups[1].Value} {ResourcePath(new Uri(request.Groups[2].Value).AbsolutePath)}";
                if (request.Groups[1].Value == "POST")
                {
                    pendingInsert = operation;
                }
                else
                {
                    pendingInsert = null;
                    yield return operation;
                }
            }
            else if (pendingInsert is not null && line.StartsWith('{'))
            {
                yield return pendingInsert + EntityKeys(line);
                pendingInsert = null;
            }
        }

        if (pendingInsert is not null)
        {
            yield return pendingInsert;
        }
    }

    private static string? EntityKeys(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("PartitionKey", out var partition)
                && document.RootElement.TryGetProperty("RowKey", out var row)
                ? $"(PartitionKey='{partition.GetString()}',RowKey='{row.GetString()}')"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|MERGE|DELETE) (\S+) HTTP/1\.1$", RegexOptions.CultureInvariant)]
    private static partial Regex BatchRequestLine();
}

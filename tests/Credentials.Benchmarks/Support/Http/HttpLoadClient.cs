using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Credentials.Benchmarks.Support.Http;

/// <summary>
/// Closed-loop HTTP load with a fixed number of workers: each sends its next request when the previous one has answered. One
/// <see cref="HttpClient"/> over a <see cref="SocketsHttpHandler"/> with as many connections as workers, kept open between runs
/// (a warm-up run opens them).
/// </summary>
public sealed class HttpLoadClient : IDisposable
{
    private readonly HttpClient client;
    private readonly int concurrency;

    /// <param name="baseAddress">The service root (routes are under <c>api/</c>).</param>
    /// <param name="apiKey">The tenant API key every request carries.</param>
    /// <param name="concurrency">Workers, and connections.</param>
    public HttpLoadClient(Uri baseAddress, string apiKey, int concurrency)
    {
        this.concurrency = concurrency;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        };
        client = new HttpClient(handler) { BaseAddress = new Uri(baseAddress, "api/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>Runs <paramref name="operation"/> for <paramref name="duration"/>, worker <c>w</c> on credential <c>credentialOf(w)</c>.</summary>
    public async Task<HttpLoadResult> RunAsync(HttpOperation operation, Func<int, string> credentialOf, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(credentialOf);
        var latencies = new List<double>[concurrency];
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            await Task.Yield();
            var mine = latencies[worker] = new List<double>(4096);
            var route = operation.Route(credentialOf(worker));
            while (started.Elapsed < duration)
            {
                var sent = Stopwatch.GetTimestamp();
                var error = await SendAsync(operation, route).ConfigureAwait(false);
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (error is not null)
                {
                    errors.AddOrUpdate(error, 1, (_, count) => count + 1);
                }
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = started.Elapsed;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new HttpLoadResult(all.Length, elapsed, all, new Dictionary<string, int>(errors, StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    // Null for a good answer, else what went wrong; every request is answered here, none retried.
    private async Task<string?> SendAsync(HttpOperation operation, Uri route)
    {
        try
        {
            using var request = new HttpRequestMessage(operation.Method, route);
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + ProblemCode(body);
            }

            using var document = JsonDocument.Parse(body);
            return operation.Check(document.RootElement);
        }
        catch (HttpRequestException exception)
        {
            return nameof(HttpRequestException) + (exception.HttpRequestError == HttpRequestError.Unknown ? string.Empty : " " + exception.HttpRequestError);
        }
        catch (TaskCanceledException)
        {
            return "timeout";
        }
        catch (JsonException)
        {
            return "body not JSON";
        }
    }

    // A problem+json answer's stable code (" rate_limited"), so errors of one status but different causes stay apart.
    private static string ProblemCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? " " + code.GetString()
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

using System.Text.Json;
using Credentials.Core.Errors;
using Credentials.Core.Idempotency;
using Credentials.Core.Json;
using Credentials.Core.Tenancy;
using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>
/// Runs a create route under the caller's <c>Idempotency-Key</c> header when one is sent: a retry of the same request gets the
/// first answer again (same status, Location and body bytes) with <c>Idempotent-Replayed: true</c>.
/// </summary>
public sealed class IdempotentCall(IdempotentRequests requests)
{
    /// <summary>The response header marking an answer replayed from an earlier request with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    // What Results.Json sends, so answers look the same with and without a key.
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>
    /// Runs <paramref name="handle"/> for <paramref name="tenant"/>; with a key, at most once per tenant, key and request
    /// (<paramref name="route"/> is the route template, part of what makes two requests the same).
    /// </summary>
    public async Task<IResult> RunAsync(HttpRequest request, TenantContext tenant, string route, Func<Task<ApiAnswer>> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(handle);
        var key = IdempotencyKey.FromHeader(request.Headers[IdempotencyKey.HeaderName]);
        if (key is null)
        {
            return Write(request, await SerializeAsync(handle), replayed: false);
        }

        // The fingerprint needs the raw bytes; the handler then reads the same bytes from memory.
        var body = await ReadCappedAsync(request, cancellationToken);
        request.Body = new MemoryStream(body, writable: false);
        var fingerprint = RequestFingerprint.Compute(request.Method, route, body);
        var outcome = await requests.RunAsync(tenant.TenantId, key, fingerprint, () => SerializeAsync(handle), cancellationToken);
        return Write(request, outcome.Response, outcome.Replayed);
    }

    // Serialised here, once: the stored bytes are what the first answer sent, so a replay is byte-identical.
    private static async Task<StoredResponse> SerializeAsync(Func<Task<ApiAnswer>> handle)
    {
        var answer = await handle();
        return new StoredResponse(answer.StatusCode, answer.Location, JsonSerializer.SerializeToUtf8Bytes(answer.Body, answer.Body.GetType(), CredentialsJson.Options));
    }

    private static IResult Write(HttpRequest request, StoredResponse response, bool replayed)
    {
        var headers = request.HttpContext.Response.Headers;
        if (response.Location is { } location)
        {
            headers.Location = location;
        }

        if (replayed)
        {
            headers[ReplayedHeader] = "true";
        }

        return Results.Text(response.Body.Span, JsonContentType, response.StatusCode);
    }

    // The same cap as RequestBody, applied before anything is stored.
    private static async Task<byte[]> ReadCappedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > RequestBody.DefaultMaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > RequestBody.DefaultMaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ServiceException TooLarge()
        => new(ErrorCodes.PayloadTooLarge, $"The body must not exceed {RequestBody.DefaultMaxBytes / 1024} KiB.");
}

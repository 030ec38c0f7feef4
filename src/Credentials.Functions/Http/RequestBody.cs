using System.Text.Json;
using Credentials.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>Reads a JSON body with a size cap, enforced in code so DevServer and the Functions host behave the same.</summary>
public static class RequestBody
{
    /// <summary>The cap of the API's JSON routes.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>The parsed body; 413 over the cap, 400 when it is not JSON. Error messages never echo the body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw ServiceException.Invalid(string.Empty, "A JSON body is required.");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw ServiceException.Invalid(string.Empty, $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    private static ServiceException TooLarge(int maxBytes)
        => new(ErrorCodes.PayloadTooLarge, $"The body must not exceed {maxBytes / 1024} KiB.");
}

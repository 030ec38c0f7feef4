using System.Text.Json;
using System.Text.Unicode;
using Credentials.Core.Errors;
using Credentials.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>
/// Reads a JSON body with a size cap, enforced in code so DevServer and the Functions host behave the same. The body must be
/// valid UTF-8, and no name or string in it may hold a lone surrogate or a control character (<see cref="JsonText"/>): such
/// text breaks headers, redirects and logs later, so it is refused here, with 400, before anything reads it.
/// </summary>
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

        if (!Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            throw ServiceException.Invalid(string.Empty, "The body is not valid UTF-8.");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw ServiceException.Invalid(string.Empty, $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        if (JsonText.Problems(root) is { Count: > 0 } problems)
        {
            throw ServiceException.Invalid(problems);
        }

        return root;
    }

    private static ServiceException TooLarge(int maxBytes)
        => new(ErrorCodes.PayloadTooLarge, $"The body must not exceed {maxBytes / 1024} KiB.");
}

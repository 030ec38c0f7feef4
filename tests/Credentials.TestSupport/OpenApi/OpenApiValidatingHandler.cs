namespace Credentials.TestSupport.OpenApi;

/// <summary>
/// A client handler that checks every answer of the service against <see cref="OpenApiContract"/> and fails the request (with
/// <see cref="OpenApiMismatchException"/>) when the document does not describe it: an undocumented status, media type, or a body
/// its schema refuses.
/// </summary>
public sealed class OpenApiValidatingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>Every answer checked so far (so a test can prove the checks ran).</summary>
    public int Checked { get; private set; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var mismatches = OpenApiContract.Current.Check(
            request.Method.Method,
            request.RequestUri!.AbsolutePath,
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            body,
            response.Headers.Contains("X-Credential-Id"));
        Checked++;
        if (mismatches.Count > 0)
        {
            response.Dispose();
            throw new OpenApiMismatchException(mismatches);
        }

        return response;
    }
}

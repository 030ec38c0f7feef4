using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>A page or a static file the service serves itself (the hosted connect page), with the headers that go with it.</summary>
public sealed class PageAnswer : IApiResponse<PageAnswer>
{
    private readonly IResult? problem;
    private readonly ReadOnlyMemory<byte> content;
    private readonly string contentType = string.Empty;
    private readonly IReadOnlyDictionary<string, string> headers = new Dictionary<string, string>();

    private PageAnswer(ReadOnlyMemory<byte> content, string contentType, IReadOnlyDictionary<string, string> headers)
    {
        this.content = content;
        this.contentType = contentType;
        this.headers = headers;
    }

    private PageAnswer(IResult problem) => this.problem = problem;

    /// <summary>200 with <paramref name="content"/> and <paramref name="headers"/>.</summary>
    public static PageAnswer Ok(ReadOnlyMemory<byte> content, string contentType, IReadOnlyDictionary<string, string> headers)
        => new(content, contentType ?? throw new ArgumentNullException(nameof(contentType)), headers ?? throw new ArgumentNullException(nameof(headers)));

    /// <inheritdoc />
    public static PageAnswer FromProblem(IResult problem) => new(problem ?? throw new ArgumentNullException(nameof(problem)));

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (problem is not null)
        {
            await problem.ExecuteAsync(httpContext);
            return;
        }

        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = content.Length;
        await httpContext.Response.Body.WriteAsync(content, httpContext.RequestAborted);
    }
}

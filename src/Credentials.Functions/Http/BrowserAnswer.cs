using System.Net;
using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>What the OAuth callback shows the end user's browser: a redirect back to the tenant, or a page saying what failed.</summary>
public sealed class BrowserAnswer : IApiResponse<BrowserAnswer>
{
    private readonly IResult result;

    private BrowserAnswer(IResult result) => this.result = result;

    /// <summary>302 to <paramref name="location"/>.</summary>
    public static BrowserAnswer Redirect(string location) => new(Results.Redirect(location));

    /// <summary>400 with a minimal page; <paramref name="message"/> is HTML-encoded.</summary>
    public static BrowserAnswer FailurePage(string message)
    {
        var page = $"<!doctype html><html><head><meta charset=\"utf-8\"><title>Connection failed</title></head><body><h1>Connection failed</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
        return new(Results.Content(page, "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest));
    }

    /// <inheritdoc />
    public static BrowserAnswer FromProblem(IResult problem) => new(problem ?? throw new ArgumentNullException(nameof(problem)));

    /// <summary>Writes the answer with <see cref="BrowserSecurityHeaders"/>.</summary>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        BrowserSecurityHeaders.Apply(httpContext.Response);
        return result.ExecuteAsync(httpContext);
    }
}

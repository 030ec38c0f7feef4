using Credentials.Core.Proxy;
using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>
/// Writes a provider's response as the proxy received it: status, the headers the proxy kept, and the body streamed through;
/// or the service's own problem when the call could not be made.
/// </summary>
public sealed class ProxyResult : IApiResponse<ProxyResult>
{
    private readonly ProxyResponse? response;
    private readonly IResult? problem;

    /// <summary>The provider's response, to be streamed.</summary>
    public ProxyResult(ProxyResponse response) => this.response = response ?? throw new ArgumentNullException(nameof(response));

    private ProxyResult(IResult problem) => this.problem = problem;

    /// <inheritdoc />
    public static ProxyResult FromProblem(IResult problem) => new(problem ?? throw new ArgumentNullException(nameof(problem)));

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (response is null)
        {
            await problem!.ExecuteAsync(httpContext);
            return;
        }

        using (response)
        {
            httpContext.Response.StatusCode = response.StatusCode;
            foreach (var (name, values) in response.Headers)
            {
                httpContext.Response.Headers[name] = values;
            }

            await response.Body.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
        }
    }
}

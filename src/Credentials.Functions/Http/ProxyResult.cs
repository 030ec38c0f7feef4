using Credentials.Core.Proxy;
using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>Writes a provider's response as the proxy received it: status, the headers the proxy kept, and the body streamed through.</summary>
public sealed class ProxyResult(ProxyResponse response) : IResult
{
    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
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

using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>A route's answer with one of two success bodies (e.g. 201 with a credential, or 200 with an authorization link).</summary>
/// <typeparam name="TCreated">The body of 201.</typeparam>
/// <typeparam name="TOk">The body of 200.</typeparam>
public sealed class ApiResponse<TCreated, TOk> : IApiResponse<ApiResponse<TCreated, TOk>>
{
    private readonly IResult result;

    internal ApiResponse(IResult result) => this.result = result ?? throw new ArgumentNullException(nameof(result));

    /// <inheritdoc />
    static ApiResponse<TCreated, TOk> IApiResponse<ApiResponse<TCreated, TOk>>.FromProblem(IResult problem) => new(problem);

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => result.ExecuteAsync(httpContext);
}

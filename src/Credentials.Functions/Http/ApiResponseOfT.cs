using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>
/// A route's answer whose success body is <typeparamref name="TBody"/>: the function's signature names its contract (the
/// records in <c>Credentials.Core.Contracts</c>), and failures are RFC 9457 problems written by <see cref="ApiCall"/>.
/// </summary>
/// <typeparam name="TBody">The success body, or <see cref="NoBody"/> for 204. Made by <see cref="ApiResponse"/>.</typeparam>
public sealed class ApiResponse<TBody> : IApiResponse<ApiResponse<TBody>>
{
    private readonly IResult result;

    internal ApiResponse(IResult result) => this.result = result ?? throw new ArgumentNullException(nameof(result));

    /// <inheritdoc />
    static ApiResponse<TBody> IApiResponse<ApiResponse<TBody>>.FromProblem(IResult problem) => new(problem);

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => result.ExecuteAsync(httpContext);
}

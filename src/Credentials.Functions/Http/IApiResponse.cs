using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>An HTTP answer type that <see cref="ApiCall"/> can also make from a problem (auth failure, bad input, fault).</summary>
/// <typeparam name="TSelf">The answer type itself.</typeparam>
public interface IApiResponse<TSelf> : IResult
    where TSelf : IApiResponse<TSelf>
{
    /// <summary>The answer carrying a problem response instead of the route's body.</summary>
    static abstract TSelf FromProblem(IResult problem);
}

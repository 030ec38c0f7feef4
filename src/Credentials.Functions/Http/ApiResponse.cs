using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>Makes the typed answers of routes; the type argument is the contract the function's signature names.</summary>
public static class ApiResponse
{
    /// <summary>200 with the body.</summary>
    public static ApiResponse<TBody> Ok<TBody>(TBody body)
        where TBody : notnull => new(ApiResults.Ok(body));

    /// <summary>201 with the body and a Location header.</summary>
    public static ApiResponse<TBody> Created<TBody>(HttpRequest request, string location, TBody body)
        where TBody : notnull => new(ApiResults.Created(request, location, body));

    /// <summary>202 with the body and a Location header to poll.</summary>
    public static ApiResponse<TBody> Accepted<TBody>(HttpRequest request, string location, TBody body)
        where TBody : notnull => new(ApiResults.Accepted(request, location, body));

    /// <summary>204.</summary>
    public static ApiResponse<NoBody> NoContent() => new(ApiResults.NoContent());

    /// <summary>An answer already serialised from a <typeparamref name="TBody"/> (an idempotent replay keeps the first bytes), or 204.</summary>
    public static ApiResponse<TBody> Stored<TBody>(IResult serialised) => new(serialised);

    /// <summary>An answer already serialised from a <typeparamref name="TCreated"/> or a <typeparamref name="TOk"/>.</summary>
    public static ApiResponse<TCreated, TOk> Stored<TCreated, TOk>(IResult serialised) => new(serialised);
}

using Credentials.Core.Errors;
using Credentials.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>Every response body goes through here, serialised with the one JSON options instance.</summary>
public static class ApiResults
{
    /// <summary>200 with a JSON body.</summary>
    public static IResult Ok(object value) => Results.Json(value, CredentialsJson.Options, statusCode: StatusCodes.Status200OK);

    /// <summary>201 with a JSON body and a Location header.</summary>
    public static IResult Created(HttpRequest request, string location, object value)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Location = location;
        return Results.Json(value, CredentialsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>202 with a JSON body and a Location header to poll.</summary>
    public static IResult Accepted(HttpRequest request, string location, object value)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Location = location;
        return Results.Json(value, CredentialsJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>204.</summary>
    public static IResult NoContent() => Results.NoContent();

    /// <summary>An RFC 9457 problem with the stable <c>code</c> extension; <paramref name="type"/> comes from <c>ProblemTypes</c>.</summary>
    public static IResult Problem(string type, int status, string code, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (errors is { Count: > 0 })
        {
            body["errors"] = errors;
        }

        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            body[key] = value;
        }

        return Results.Json(body, CredentialsJson.Options, contentType: "application/problem+json", statusCode: status);
    }

    /// <summary>The status and title of each problem code.</summary>
    public static (int Status, string Title) Describe(string code) => code switch
    {
        ErrorCodes.ValidationFailed => (StatusCodes.Status400BadRequest, "The request is invalid."),
        ErrorCodes.AuthConfigRequired => (StatusCodes.Status400BadRequest, "An OAuth app must be configured for this connector first."),
        ErrorCodes.Unauthorized => (StatusCodes.Status401Unauthorized, "Authentication is required."),
        ErrorCodes.NotFound => (StatusCodes.Status404NotFound, "Not found."),
        ErrorCodes.Conflict => (StatusCodes.Status409Conflict, "Conflict."),
        ErrorCodes.CredentialInvalid => (StatusCodes.Status409Conflict, "The credential needs the end user to connect again."),
        ErrorCodes.QuotaExceeded => (StatusCodes.Status409Conflict, "A quota is reached."),
        ErrorCodes.IdempotencyKeyReused => (StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was already used with a different request."),
        ErrorCodes.PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, "The request body is too large."),
        ErrorCodes.RateLimited => (StatusCodes.Status429TooManyRequests, "Too many requests."),
        ErrorCodes.NotImplemented => (StatusCodes.Status501NotImplemented, "Not implemented."),
        ErrorCodes.ProviderError => (StatusCodes.Status503ServiceUnavailable, "The provider failed or could not be reached."),
        ErrorCodes.VerificationFailed => (StatusCodes.Status400BadRequest, "The provider did not accept the credential."),
        ErrorCodes.UpstreamTimeout => (StatusCodes.Status504GatewayTimeout, "The provider did not answer in time."),
        ErrorCodes.UpstreamUnreachable => (StatusCodes.Status502BadGateway, "The provider could not be reached."),
        ErrorCodes.SessionExpired => (StatusCodes.Status410Gone, "The connect session has expired."),
        ErrorCodes.SessionCompleted => (StatusCodes.Status409Conflict, "The connect session has already connected an account."),
        ErrorCodes.RouteNotFound => (StatusCodes.Status404NotFound, "No route answers this path."),
        ErrorCodes.MethodNotAllowed => (StatusCodes.Status405MethodNotAllowed, "The route does not answer this method."),
        ErrorCodes.NotReady => (StatusCodes.Status503ServiceUnavailable, "A dependency of the service is not ready."),
        ErrorCodes.SecretStoreUnavailable => (StatusCodes.Status503ServiceUnavailable, "The secret store is busy or unavailable; nothing was changed."),
        ErrorCodes.DataKeyDeleted => (StatusCodes.Status410Gone, "The tenant's data key was deleted; its secrets cannot be read."),
        _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
    };
}

namespace Credentials.Functions.Http;

/// <summary>A success answer of a create route before it is written: status, Location and body, so <see cref="IdempotentCall"/> can serialise it once and keep the bytes.</summary>
public sealed record ApiAnswer(int StatusCode, string? Location, object Body)
{
    /// <summary>200 with a JSON body.</summary>
    public static ApiAnswer Ok(object body) => new(200, null, body);

    /// <summary>201 with a JSON body and a Location header.</summary>
    public static ApiAnswer Created(string location, object body) => new(201, location, body);
}

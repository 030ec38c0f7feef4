namespace Credentials.Functions.Http;

/// <summary>The body type of routes that answer 204 No Content (<see cref="ApiResponse.NoContent"/>).</summary>
public sealed record NoBody;

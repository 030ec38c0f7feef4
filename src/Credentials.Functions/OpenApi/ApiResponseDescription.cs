namespace Credentials.Functions.OpenApi;

/// <summary>One success (or non-problem) answer of an operation.</summary>
/// <param name="Body">The contract record of the JSON body; null for no body, or for a body described by <paramref name="ContentType"/> alone.</param>
/// <param name="ContentType">The media type of the body; null when there is none.</param>
/// <param name="Headers">Response headers it carries (<c>Location</c>, <c>Credential-Revocation</c>, ...), described by the builder.</param>
public sealed record ApiResponseDescription(int Status, string Description, Type? Body = null, string? ContentType = "application/json", IReadOnlyList<string>? Headers = null)
{
    /// <summary>The <see cref="Status"/> of the document's <c>default</c> answer (any status not listed otherwise).</summary>
    public const int AnyStatus = 0;

    /// <summary>204 without a body.</summary>
    public static ApiResponseDescription NoContent(string description, params string[] headers) => new(204, description, null, null, headers);
}

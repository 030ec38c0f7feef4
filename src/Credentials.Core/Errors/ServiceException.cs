namespace Credentials.Core.Errors;

/// <summary>A failure the caller can act on, carried from Core to the HTTP layer, which maps <see cref="Code"/> to a problem response.</summary>
public sealed class ServiceException : Exception
{
    /// <summary>Creates a failure with a stable code and a safe, secret-free detail.</summary>
    public ServiceException(string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(detail)
    {
        Code = code;
        Errors = errors;
    }

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>Per-field messages for <see cref="ErrorCodes.ValidationFailed"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>Extra values for the problem body (e.g. the credential id and reason of <c>credential_invalid</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>When the caller may try again (sent as Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A validation failure of one field.</summary>
    public static ServiceException Invalid(string field, string message)
        => new(ErrorCodes.ValidationFailed, "The request is invalid.", new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A validation failure of several fields.</summary>
    public static ServiceException Invalid(IReadOnlyDictionary<string, string[]> errors)
        => new(ErrorCodes.ValidationFailed, "The request is invalid.", errors);

    /// <summary>The object does not exist for this tenant; the same answer whether it exists elsewhere or not at all.</summary>
    public static ServiceException NotFound(string what)
        => new(ErrorCodes.NotFound, $"The {what} was not found.");

    /// <summary>The credential is invalid and cannot be used until the end user connects again; names the credential and the reason.</summary>
    public static ServiceException CredentialInvalid(string credentialId, string? reason)
        => new(ErrorCodes.CredentialInvalid, $"The credential '{credentialId}' is invalid ({reason ?? "no reason recorded"}); the end user must connect again.")
        {
            Extensions = new Dictionary<string, object?> { ["credentialId"] = credentialId, ["reason"] = reason },
        };

    /// <summary>The request conflicts with current state.</summary>
    public static ServiceException Conflict(string detail)
        => new(ErrorCodes.Conflict, detail);
}

using System.Net;

namespace Credentials.Client;

/// <summary>A problem (RFC 9457) the service answered; <see cref="Code"/> is the stable value to branch on.</summary>
public sealed class CredentialsApiException : Exception
{
    /// <summary>An exception for one problem answer.</summary>
    public CredentialsApiException(HttpStatusCode status, string code, string message, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Errors = errors ?? new Dictionary<string, string[]>();
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an exception with no problem details.</summary>
    public CredentialsApiException()
        : this(HttpStatusCode.InternalServerError, "unknown", "The service answered with an error.")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public CredentialsApiException(string message)
        : this(HttpStatusCode.InternalServerError, "unknown", message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public CredentialsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "unknown";
        Errors = new Dictionary<string, string[]>();
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem's <c>code</c> (<c>validation_failed</c>, <c>not_found</c>, <c>credential_invalid</c>, ...; see docs/errors.md).</summary>
    public string Code { get; }

    /// <summary>Per-field messages of <c>validation_failed</c>, by field name (empty otherwise).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The <c>Retry-After</c> the service sent (429, 503), if any.</summary>
    public TimeSpan? RetryAfter { get; }
}

namespace Credentials.Core.Errors;

/// <summary>The stable <c>code</c> values of problem responses; clients branch on these, so they never change.</summary>
public static class ErrorCodes
{
    /// <summary>The body or a parameter is invalid; <c>errors</c> names each field.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>Missing, malformed, unknown or revoked API key.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>No such object in this tenant.</summary>
    public const string NotFound = "not_found";

    /// <summary>The request conflicts with current state (duplicate, concurrent change).</summary>
    public const string Conflict = "conflict";

    /// <summary>The body is larger than the route accepts.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>The credential needs the end user again.</summary>
    public const string CredentialInvalid = "credential_invalid";

    /// <summary>The provider failed or could not be reached.</summary>
    public const string ProviderError = "provider_error";

    /// <summary>The provider refused the credential's values when they were checked (401 or 403 to the connector's verification request).</summary>
    public const string VerificationFailed = "verification_failed";

    /// <summary>The proxied provider did not answer within the proxy's timeout.</summary>
    public const string UpstreamTimeout = "upstream_timeout";

    /// <summary>The proxied provider could not be reached (connection failure, or an address the proxy may not connect to).</summary>
    public const string UpstreamUnreachable = "upstream_unreachable";

    /// <summary>Too many requests; <c>limit</c> names the limit and Retry-After says when to try again.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>A create would exceed a quota; <c>quota</c> names it and <c>limit</c> gives its size.</summary>
    public const string QuotaExceeded = "quota_exceeded";

    /// <summary>The capability exists in the API contract but is not available in this build.</summary>
    public const string NotImplemented = "not_implemented";

    /// <summary>An OAuth flow needs an OAuth app (auth config) for the connector first.</summary>
    public const string AuthConfigRequired = "auth_config_required";

    /// <summary>An <c>Idempotency-Key</c> already used with a different request (method, route or body) in the last 24 hours.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>A connect session is past its expiry, or its user was deleted: the tenant must create a new one.</summary>
    public const string SessionExpired = "session_expired";

    /// <summary>A single-use connect session already created its credential; it can only show its result.</summary>
    public const string SessionCompleted = "session_completed";

    /// <summary>No route answers this path (DevServer; the Functions host answers a bare 404 instead).</summary>
    public const string RouteNotFound = "route_not_found";

    /// <summary>The path exists but not with this HTTP method; <c>Allow</c> lists the ones it has (DevServer).</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>A dependency (Table Storage or the secret store) failed the readiness check; <c>checks</c> names which.</summary>
    public const string NotReady = "not_ready";

    /// <summary>The secret store (Key Vault) throttled or failed; nothing was written, and Retry-After says when to try again.</summary>
    public const string SecretStoreUnavailable = "secret_store_unavailable";

    /// <summary>The tenant's data key was deleted (crypto-shredded): its stored secrets can no longer be read.</summary>
    public const string DataKeyDeleted = "data_key_deleted";

    /// <summary>An unexpected fault; details are only in the logs.</summary>
    public const string InternalError = "internal_error";
}

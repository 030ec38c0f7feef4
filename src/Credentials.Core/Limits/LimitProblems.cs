using Credentials.Core.Errors;

namespace Credentials.Core.Limits;

/// <summary>The failures limits and quotas answer with: 429 naming the limit with a Retry-After, 409 naming the quota and its size.</summary>
public static class LimitProblems
{
    /// <summary>429 <c>rate_limited</c> with <c>limit</c> and a Retry-After of at least a second.</summary>
    public static ServiceException RateLimited(string limit, TimeSpan retryAfter, string detail)
        => new(ErrorCodes.RateLimited, detail)
        {
            RetryAfter = retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter,
            Extensions = new Dictionary<string, object?> { ["limit"] = limit },
        };

    /// <summary>409 <c>quota_exceeded</c> with <c>quota</c> and <c>limit</c>.</summary>
    public static ServiceException QuotaExceeded(string quota, int limit, string what)
        => new(ErrorCodes.QuotaExceeded, $"The quota of {limit} {what} is reached; delete some, or ask the platform operator to raise '{quota}'.")
        {
            Extensions = new Dictionary<string, object?> { ["quota"] = quota, ["limit"] = limit },
        };
}

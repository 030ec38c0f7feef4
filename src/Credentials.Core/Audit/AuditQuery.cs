using System.Globalization;
using Credentials.Core.Errors;
using Credentials.Core.Ids;

namespace Credentials.Core.Audit;

/// <summary>What a tenant asks of its trail: entries of one credential or user (or all), between two times (inclusive).</summary>
public sealed record AuditQuery(string? CredentialId, string? UserId, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>The query of <c>GET /audit</c>'s parameters; 400 naming each bad one.</summary>
    public static AuditQuery Parse(string? credentialId, string? userId, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(credentialId) && !ResourceIds.IsWellFormed(credentialId, ResourceIds.Credential))
        {
            errors["credentialId"] = ["Not a credential id."];
        }

        if (!string.IsNullOrEmpty(userId) && !ResourceIds.IsWellFormed(userId, ResourceIds.User))
        {
            errors["userId"] = ["Not a user id."];
        }

        var fromTime = Time(from, "from", errors);
        var toTime = Time(to, "to", errors);
        if (fromTime > toTime)
        {
            errors["from"] = ["from must not be after to."];
        }

        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        return new AuditQuery(string.IsNullOrEmpty(credentialId) ? null : credentialId, string.IsNullOrEmpty(userId) ? null : userId, fromTime, toTime);
    }

    private static DateTimeOffset? Time(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors[name] = ["An ISO 8601 time, e.g. 2026-01-31T12:00:00Z."];
        return null;
    }
}

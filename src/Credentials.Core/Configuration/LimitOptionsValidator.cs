using Microsoft.Extensions.Options;

namespace Credentials.Core.Configuration;

/// <summary>Refuses to start with limits or audit settings that cannot work (a zero rate, an empty window, no buffer).</summary>
public sealed class LimitOptionsValidator : IValidateOptions<CredentialsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CredentialsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Limits;
        var audit = options.Audit;
        var failures = new List<string>();
        void Require(bool ok, string setting, string rule)
        {
            if (!ok)
            {
                failures.Add($"Credentials__{setting} {rule}.");
            }
        }

        Require(limits.RequestsPerSecond > 0, "Limits__RequestsPerSecond", "must be above 0");
        Require(limits.RequestBurst >= 1, "Limits__RequestBurst", "must be at least 1");
        Require(limits.TokenEndpointRequestsPerSecond > 0, "Limits__TokenEndpointRequestsPerSecond", "must be above 0");
        Require(limits.TokenEndpointBurst >= 1, "Limits__TokenEndpointBurst", "must be at least 1");
        Require(limits.TokenEndpointQueueWait >= TimeSpan.Zero && limits.TokenEndpointQueueWait < TimeSpan.FromSeconds(30), "Limits__TokenEndpointQueueWait", "must be from 0 to under 30 seconds (a refresh lease lasts 60)");
        Require(limits.FailedAuthenticationsPerAddress >= 1, "Limits__FailedAuthenticationsPerAddress", "must be at least 1");
        Require(limits.FailedAuthenticationsPerKeyId >= 1, "Limits__FailedAuthenticationsPerKeyId", "must be at least 1");
        Require(limits.FailedAuthenticationWindow > TimeSpan.Zero, "Limits__FailedAuthenticationWindow", "must be positive");
        Require(limits.CredentialsPerUser >= 1, "Limits__CredentialsPerUser", "must be at least 1");
        Require(limits.UsersPerTenant >= 1, "Limits__UsersPerTenant", "must be at least 1");
        Require(limits.AuthConfigsPerTenant >= 1, "Limits__AuthConfigsPerTenant", "must be at least 1");
        Require(limits.TenantLimitsCacheDuration >= TimeSpan.Zero, "Limits__TenantLimitsCacheDuration", "must not be negative");
        Require(audit.Retention >= TimeSpan.FromDays(1), "Audit__Retention", "must be at least a day");
        Require(audit.FlushInterval > TimeSpan.Zero && audit.FlushInterval <= TimeSpan.FromMinutes(1), "Audit__FlushInterval", "must be positive and at most a minute (it bounds what a crash loses)");
        Require(audit.BufferCapacity >= 100, "Audit__BufferCapacity", "must be at least 100");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

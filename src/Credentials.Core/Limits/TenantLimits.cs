using Credentials.Core.Configuration;
using Credentials.Core.Contracts;

namespace Credentials.Core.Limits;

/// <summary>The limits in force for one tenant: the deployment's defaults with the platform admin's overrides on top.</summary>
public sealed record TenantLimits(string TenantId, LimitOptions Defaults, TenantLimitOverrides Overrides)
{
    /// <summary>The rate of each of the tenant's API keys.</summary>
    public RateLimitPolicy KeyRate => new(Overrides.RequestsPerSecond ?? Defaults.RequestsPerSecond, Overrides.RequestBurst ?? Defaults.RequestBurst);

    /// <summary>Credentials per end user.</summary>
    public int CredentialsPerUser => Overrides.CredentialsPerUser ?? Defaults.CredentialsPerUser;

    /// <summary>End users.</summary>
    public int UsersPerTenant => Overrides.UsersPerTenant ?? Defaults.UsersPerTenant;

    /// <summary>Auth configs.</summary>
    public int AuthConfigsPerTenant => Overrides.AuthConfigsPerTenant ?? Defaults.AuthConfigsPerTenant;

    /// <summary>The limits as the platform route shows them: values in force and which of them are overrides.</summary>
    public TenantLimitsView ToView()
    {
        var overridden = new List<string>();
        void Note(object? value, string name)
        {
            if (value is not null)
            {
                overridden.Add(name);
            }
        }

        Note(Overrides.RequestsPerSecond, "requestsPerSecond");
        Note(Overrides.RequestBurst, "requestBurst");
        Note(Overrides.CredentialsPerUser, QuotaNames.CredentialsPerUser);
        Note(Overrides.UsersPerTenant, QuotaNames.UsersPerTenant);
        Note(Overrides.AuthConfigsPerTenant, QuotaNames.AuthConfigsPerTenant);
        return new TenantLimitsView(TenantId, KeyRate.PerSecond, KeyRate.Burst, CredentialsPerUser, UsersPerTenant, AuthConfigsPerTenant, overridden, Overrides.UpdatedAt);
    }
}

namespace Credentials.Core.Limits;

/// <summary>What the platform admin set for one tenant; null fields use the deployment's defaults.</summary>
public sealed record TenantLimitOverrides
{
    /// <summary>No overrides: the deployment's defaults throughout.</summary>
    public static readonly TenantLimitOverrides None = new();

    /// <summary>Requests per second per API key.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Requests per API key at once.</summary>
    public int? RequestBurst { get; init; }

    /// <summary>Credentials per end user.</summary>
    public int? CredentialsPerUser { get; init; }

    /// <summary>End users per tenant.</summary>
    public int? UsersPerTenant { get; init; }

    /// <summary>Auth configs per tenant.</summary>
    public int? AuthConfigsPerTenant { get; init; }

    /// <summary>When the admin last set them.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

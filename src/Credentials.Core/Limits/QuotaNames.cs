namespace Credentials.Core.Limits;

/// <summary>The names a <c>quota_exceeded</c> problem gives its quota in <c>quota</c> (also the fields of the platform's limits route).</summary>
public static class QuotaNames
{
    /// <summary>Credentials per end user.</summary>
    public const string CredentialsPerUser = "credentialsPerUser";

    /// <summary>End users per tenant.</summary>
    public const string UsersPerTenant = "usersPerTenant";

    /// <summary>Auth configs (OAuth app versions) per tenant.</summary>
    public const string AuthConfigsPerTenant = "authConfigsPerTenant";
}

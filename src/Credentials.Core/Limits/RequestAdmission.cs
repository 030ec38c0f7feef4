using System.Net;
using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Limits;

/// <summary>
/// Who may make a request, and whether now: the client address must not be over its failed authentications, the key must
/// authenticate (a failure is counted and logged), and a tenant key must be within its rate.
/// </summary>
public class RequestAdmission(
    ApiKeyAuthenticator apiKeys,
    PlatformAdminAuthenticator platformAdmin,
    FailedAuthentications failures,
    TenantKeyRateLimiter rates,
    IOptions<CredentialsOptions> options)
{
    /// <summary>The tenant of the request's key, within its rate; 401 or 429 otherwise.</summary>
    /// <param name="authorizationHeader">The request's <c>Authorization</c> header.</param>
    /// <param name="header">The request's values of a header, by name (for the client address).</param>
    /// <param name="connectionAddress">The connection's remote address.</param>
    /// <param name="cancellationToken">Cancels the authentication.</param>
    public virtual async Task<TenantContext> AdmitTenantAsync(string? authorizationHeader, Func<string, IReadOnlyList<string?>> header, IPAddress? connectionAddress, CancellationToken cancellationToken = default)
    {
        var address = ClientAddressOf(header, connectionAddress);
        failures.ThrowIfBlocked(address);
        TenantContext tenant;
        try
        {
            tenant = await apiKeys.AuthenticateAsync(authorizationHeader, cancellationToken);
        }
        catch (ServiceException e) when (e.Code == ErrorCodes.Unauthorized)
        {
            failures.Record(address, authorizationHeader);
            throw;
        }

        await rates.AdmitAsync(tenant, cancellationToken);
        return tenant;
    }

    /// <summary>Requires the platform admin key; 401 or 429 otherwise.</summary>
    public virtual void AdmitPlatformAdmin(string? authorizationHeader, Func<string, IReadOnlyList<string?>> header, IPAddress? connectionAddress)
    {
        var address = ClientAddressOf(header, connectionAddress);
        failures.ThrowIfBlocked(address);
        try
        {
            platformAdmin.Authenticate(authorizationHeader);
        }
        catch (ServiceException e) when (e.Code == ErrorCodes.Unauthorized)
        {
            failures.Record(address, authorizationHeader);
            throw;
        }
    }

    private string ClientAddressOf(Func<string, IReadOnlyList<string?>> header, IPAddress? connectionAddress)
    {
        ArgumentNullException.ThrowIfNull(header);
        var name = options.Value.Limits.ClientAddressHeader;
        return ClientAddress.Of(string.IsNullOrEmpty(name) ? null : header(name), connectionAddress);
    }
}

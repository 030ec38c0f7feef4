using Credentials.Core.Audit;
using Credentials.Core.Connectors;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.Refresh;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Using an OAuth credential's token: read a valid one, or force a refresh.</summary>
public sealed class CredentialTokenFunctions(ApiCall api, IUsableCredentialSource access, AuditTrail audit)
{
    /// <summary>A valid access token, refreshed first when it expires within the refresh window.</summary>
    [Function("GetCredentialToken")]
    public Task<ApiResponse<AccessTokenView>> GetTokenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "credentials/{credentialId}/token")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var usable = await access.GetUsableAsync(tenant, credentialId, forceRefresh: false, cancellationToken);
            if (usable.Tokens is not { } tokens || usable.Credential.AuthenticationType != AuthenticationTypes.OAuth2)
            {
                throw ServiceException.Invalid("credentialId", "Only OAuth 2.0 credentials have access tokens; use the proxy for other types.");
            }

            request.HttpContext.Response.Headers.CacheControl = "no-store";
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.TokenRead) with { CredentialId = credentialId, ConnectorId = usable.Credential.ConnectorId, Outcome = "ok" });
            return ApiResponse.Ok(new AccessTokenView(tokens.AccessToken, tokens.TokenType, tokens.ExpiresAt));
        });

    /// <summary>Refreshes now (subject to a cooldown after a failure) and shows the credential as it then stands.</summary>
    [Function("RefreshCredential")]
    public Task<ApiResponse<CredentialView>> RefreshAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "credentials/{credentialId}/refresh")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var usable = await access.GetUsableAsync(tenant, credentialId, forceRefresh: true, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.CredentialRefresh) with
            {
                CredentialId = credentialId,
                ConnectorId = usable.Credential.ConnectorId,
                Outcome = usable.Credential.RefreshError?.Code ?? "ok",
            });
            return ApiResponse.Ok(usable.Credential.ToView());
        });
}

using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.OAuth;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Creating, reading and deleting the calling tenant's credentials.</summary>
public sealed class CredentialsFunctions(ApiCall api, IdempotentCall idempotent, CredentialService credentials, OAuthFlowService oauthFlows, ApiRoutes routes, AuditTrail audit)
{
    /// <summary>
    /// Creates a credential: apiKey/basic/custom bodies are validated and stored (201 with the credential); oauth2 bodies with
    /// <c>redirectUri</c> answer 200 with the authorization link; oauth2 bodies with <c>data.accessToken</c> import tokens (201).
    /// A retry with the same <c>Idempotency-Key</c> gets the first answer.
    /// </summary>
    [Function("CreateCredential")]
    public Task<ApiResponse<CredentialView, AuthorizationLink>> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "credentials")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant => ApiResponse.Stored<CredentialView, AuthorizationLink>(await idempotent.RunAsync(request, tenant, "credentials", async () =>
        {
            var body = CreateCredentialRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var result = await credentials.CreateAsync(tenant, body, cancellationToken);
            audit.Record(result.Stored is { } created
                ? AuditEntry.ByKey(tenant, AuditActs.CredentialCreate) with { CredentialId = created.CredentialId, ConnectorId = created.ConnectorId, Outcome = "created" }
                : AuditEntry.ByKey(tenant, AuditActs.CredentialAuthorize) with { UserId = body.UserId, ConnectorId = body.ConnectorId, Outcome = "started" });
            return result.Stored is { } stored
                ? ApiAnswer.Created(routes.Credential(stored.CredentialId), stored.ToView())
                : ApiAnswer.Ok(result.Link!);
        }, cancellationToken)));

    /// <summary>Reads a credential's metadata and status.</summary>
    [Function("GetCredential")]
    public Task<ApiResponse<CredentialView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "credentials/{credentialId}")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
            ApiResponse.Ok((await credentials.GetAsync(tenant, credentialId, cancellationToken)).ToView()));

    /// <summary>A new authorization URL whose callback repairs this credential in place.</summary>
    [Function("ReauthorizeCredential")]
    public Task<ApiResponse<AuthorizationLink>> ReauthorizeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "credentials/{credentialId}/reauthorize")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var body = ReauthorizeRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var link = await oauthFlows.ReauthorizeAsync(tenant, credentialId, body.RedirectUri, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.CredentialReauthorize) with { CredentialId = credentialId, Outcome = "started" });
            return ApiResponse.Ok(link);
        });

    /// <summary>The header of a delete's answer saying what happened at the provider: <c>revoked</c>, <c>failed</c>, <c>pending</c> or <c>not_supported</c>.</summary>
    public const string RevocationHeader = "Credential-Revocation";

    /// <summary>Deletes a credential and its secret after revoking its grant at the provider where the connector supports it (best effort).</summary>
    [Function("DeleteCredential")]
    public Task<ApiResponse<NoBody>> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "credentials/{credentialId}")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var revocation = await credentials.DeleteAsync(tenant, credentialId, cancellationToken);
            var outcome = revocation switch
            {
                RevocationOutcome.Revoked => "revoked",
                RevocationOutcome.Failed => "failed",
                RevocationOutcome.Pending => "pending",
                _ => "not_supported",
            };
            request.HttpContext.Response.Headers[RevocationHeader] = outcome;
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.CredentialDelete) with { CredentialId = credentialId, Outcome = outcome });
            return ApiResponse.NoContent();
        });
}

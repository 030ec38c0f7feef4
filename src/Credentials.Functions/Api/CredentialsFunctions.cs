using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Creating, reading and deleting the calling tenant's credentials.</summary>
public sealed class CredentialsFunctions(ApiCall api, IdempotentCall idempotent, CredentialService credentials, OAuthFlowService oauthFlows)
{
    /// <summary>
    /// Creates a credential: apiKey/basic/custom bodies are validated and stored (201); oauth2 bodies with <c>redirectUri</c>
    /// answer 200 <c>{oauthUrl, expiresAt}</c>; oauth2 bodies with <c>data.accessToken</c> import tokens (201). A retry with the
    /// same <c>Idempotency-Key</c> gets the first answer.
    /// </summary>
    [Function("CreateCredential")]
    public Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "credentials")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, tenant => idempotent.RunAsync(request, tenant, "credentials", async () =>
        {
            var body = await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken);
            var (credential, start) = await credentials.CreateAsync(tenant, body, cancellationToken);
            return start is not null
                ? ApiAnswer.Ok(start)
                : ApiAnswer.Created($"/api/credentials/{credential!.CredentialId}", CredentialView.From(credential));
        }, cancellationToken));

    /// <summary>Reads a credential's metadata and status.</summary>
    [Function("GetCredential")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "credentials/{credentialId}")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
            ApiResults.Ok(CredentialView.From(await credentials.GetAsync(tenant, credentialId, cancellationToken))));

    /// <summary>A new authorization URL whose callback repairs this credential in place.</summary>
    [Function("ReauthorizeCredential")]
    public Task<IResult> ReauthorizeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "credentials/{credentialId}/reauthorize")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var fields = new JsonFields(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken), "redirectUri");
            var redirectUri = fields.Text("redirectUri");
            fields.ThrowIfInvalid();
            return ApiResults.Ok(await oauthFlows.ReauthorizeAsync(tenant, credentialId, redirectUri, cancellationToken));
        });

    /// <summary>The header of a delete's answer saying what happened at the provider: <c>revoked</c>, <c>failed</c> or <c>not_supported</c>.</summary>
    public const string RevocationHeader = "Credential-Revocation";

    /// <summary>Deletes a credential and its secret after revoking its grant at the provider where the connector supports it (best effort).</summary>
    [Function("DeleteCredential")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "credentials/{credentialId}")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var revocation = await credentials.DeleteAsync(tenant, credentialId, cancellationToken);
            request.HttpContext.Response.Headers[RevocationHeader] = revocation switch
            {
                RevocationOutcome.Revoked => "revoked",
                RevocationOutcome.Failed => "failed",
                RevocationOutcome.Pending => "pending",
                _ => "not_supported",
            };
            return ApiResults.NoContent();
        });
}

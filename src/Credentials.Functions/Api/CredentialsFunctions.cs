using Credentials.Core.Credentials;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Creating, reading and deleting the calling tenant's credentials.</summary>
public sealed class CredentialsFunctions(ApiCall api, CredentialService credentials)
{
    /// <summary>Creates an apiKey, basic or custom credential after validating the body against the connector's input schema.</summary>
    [Function("CreateCredential")]
    public Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "credentials")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var body = await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            var credential = await credentials.CreateFromFieldsAsync(tenant, body, cancellationToken).ConfigureAwait(false);
            return ApiResults.Created(request, $"/api/credentials/{credential.CredentialId}", CredentialView.From(credential));
        });

    /// <summary>Reads a credential's metadata and status.</summary>
    [Function("GetCredential")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "credentials/{credentialId}")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
            ApiResults.Ok(CredentialView.From(await credentials.GetAsync(tenant, credentialId, cancellationToken).ConfigureAwait(false))));

    /// <summary>Deletes a credential and its secret.</summary>
    [Function("DeleteCredential")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "credentials/{credentialId}")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            await credentials.DeleteAsync(tenant, credentialId, cancellationToken).ConfigureAwait(false);
            return ApiResults.NoContent();
        });
}

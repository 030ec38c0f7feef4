using Credentials.Core.Audit;
using Credentials.Core.Contracts;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Re-checks a stored apiKey, basic or custom credential against its provider.</summary>
public sealed class VerifyCredentialFunction(ApiCall api, ProviderVerifier verifier, AuditTrail audit)
{
    /// <summary>
    /// Makes the connector's verification request: <c>200 {verified:true, status}</c>; a refusal (401/403) marks the credential
    /// invalid and answers <c>200 {verified:false, status:"invalid"}</c>; a provider that cannot say answers 503.
    /// </summary>
    [Function("VerifyCredential")]
    public Task<ApiResponse<VerificationView>> VerifyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "credentials/{credentialId}/verify")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var verification = await verifier.VerifyStoredAsync(tenant, credentialId, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.CredentialVerify) with { CredentialId = credentialId, Outcome = verification.Verified ? "verified" : "refused" });
            return ApiResponse.Ok(verification);
        });
}

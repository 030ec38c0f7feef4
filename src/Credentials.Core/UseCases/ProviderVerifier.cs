using System.Net;
using Credentials.Core.Contracts;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Proxy;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// Proves apiKey, basic and custom secrets work by making the connector's <c>api.verification</c> request with them, through the
/// same URL checks, credential application and guarded client as the proxy. 2xx is verified; 401 and 403 mean the provider refused
/// the secret; 408, 429, 5xx, timeouts and connection failures mean the provider could not say (<see cref="ErrorCodes.ProviderError"/>).
/// Any other answer (3xx, other 4xx) also fails a new credential, but does not condemn a stored one.
/// </summary>
public class ProviderVerifier(
    ApiAuthApplier applier,
    UpstreamClient upstream,
    CredentialStore credentials,
    CredentialWriter changes,
    CredentialBundles bundles,
    ConnectorCatalog catalog,
    IOptions<CredentialsOptions> options,
    TimeProvider clock)
{
    /// <summary>The <c>statusReason</c> of a credential the provider refused on verification.</summary>
    public const string FailedReason = "verification_failed";

    private enum Outcome
    {
        NotConfigured,
        Verified,
        Refused,
        Unexpected,
    }

    /// <summary>
    /// Checks new values before they are stored; does nothing for connectors without a verification request. Throws
    /// <see cref="ErrorCodes.VerificationFailed"/> (400) when the provider does not accept them and <see cref="ErrorCodes.ProviderError"/>
    /// (503) when it cannot be asked.
    /// </summary>
    public virtual async Task VerifyNewAsync(ConnectorDefinition connector, string authenticationType, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var (outcome, status) = await CheckAsync(connector, authenticationType, values, cancellationToken);
        if (outcome is Outcome.Refused or Outcome.Unexpected)
        {
            throw new ServiceException(ErrorCodes.VerificationFailed, $"The provider did not accept these credentials (HTTP {status} to the verification request); nothing was stored.")
            {
                Extensions = new Dictionary<string, object?> { ["providerStatus"] = status },
            };
        }
    }

    /// <summary>
    /// Re-checks a stored apiKey, basic or custom credential. A refusal (401/403) marks it <c>invalid</c> with reason
    /// <see cref="FailedReason"/>; a success makes a credential that was invalid for that reason active again.
    /// </summary>
    public virtual async Task<VerificationView> VerifyStoredAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var (credential, etag) = await ReadAsync(tenant, credentialId, cancellationToken);
        if (credential.AuthenticationType == AuthenticationTypes.OAuth2)
        {
            throw ServiceException.Invalid("credentialId", "OAuth 2.0 credentials are checked by refreshing them (POST /credentials/{credentialId}/refresh).");
        }

        var connector = catalog.Find(credential.ConnectorId);
        if (connector?.Api?.Verification is null)
        {
            throw ServiceException.Invalid("credentialId", $"The connector '{credential.ConnectorId}' has no verification request.");
        }

        var bundle = await bundles.ReadAsync(credential, cancellationToken)
            ?? throw new InvalidOperationException($"Credential {credential.CredentialId} has no secret.");
        var values = TemplateValues.Combine(credential.Metadata, bundle.Fields);
        var (outcome, status) = await CheckAsync(connector, credential.AuthenticationType, values, cancellationToken);
        switch (outcome)
        {
            case Outcome.Refused:
                await SetStatusAsync(credential, etag, CredentialStatus.Invalid, FailedReason);
                return new VerificationView(false, "invalid");
            case Outcome.Unexpected:
                throw new ServiceException(ErrorCodes.ProviderError, $"The provider answered HTTP {status} to the verification request; the credential was left unchanged.");
            default:
                if (credential is { Status: CredentialStatus.Invalid, StatusReason: FailedReason })
                {
                    await SetStatusAsync(credential, etag, CredentialStatus.Active, null);
                    return new VerificationView(true, "active");
                }

                return new VerificationView(true, credential.Status == CredentialStatus.Active ? "active" : "invalid");
        }
    }

    private async Task<(Outcome Outcome, int Status)> CheckAsync(ConnectorDefinition connector, string authenticationType, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        if (connector.Api is not { Verification: { } verification } api)
        {
            return (Outcome.NotConfigured, 0);
        }

        var target = ProxyTarget.Create(api, values, verification.Path, null, options.Value.AllowInsecureLoopback);
        if (!target.Succeeded)
        {
            throw ServiceException.Invalid("data", target.Failure.Message);
        }

        using var request = new HttpRequestMessage(new HttpMethod(verification.Method), target.Uri);
        try
        {
            await applier.ApplyAsync(request, connector, authenticationType, values, cancellationToken);
        }
        catch (TemplateValueMissingException e)
        {
            throw ServiceException.Invalid($"data.{e.Name}", "Required to call this provider.");
        }

        HttpResponseMessage response;
        try
        {
            response = await upstream.SendAsync(request, cancellationToken);
        }
        catch (ServiceException e) when (e.Code is ErrorCodes.UpstreamTimeout or ErrorCodes.UpstreamUnreachable)
        {
            throw new ServiceException(ErrorCodes.ProviderError, $"The provider could not be asked to verify the credential: {e.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            return response.StatusCode switch
            {
                _ when response.IsSuccessStatusCode => (Outcome.Verified, status),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (Outcome.Refused, status),
                HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
                    => throw new ServiceException(ErrorCodes.ProviderError, $"The provider answered HTTP {status} to the verification request; try again later."),
                _ => (Outcome.Unexpected, status),
            };
        }
    }

    private Task<(Credential Credential, Azure.ETag ETag)> ReadAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken)
        => CredentialScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken);

    // Not cancelled halfway: the provider has already answered. A concurrent change (a rename) is re-read and the status set on top of it.
    private async Task SetStatusAsync(Credential credential, Azure.ETag etag, CredentialStatus status, string? reason)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var changed = credential with { Status = status, StatusReason = reason, UpdatedAt = clock.GetUtcNow() };
            var eventType = status == CredentialStatus.Invalid ? Webhooks.WebhookEventTypes.CredentialInvalid : Webhooks.WebhookEventTypes.CredentialRecovered;
            if (await changes.ReplaceAsync(changed, etag, eventType, CancellationToken.None) is not null)
            {
                return;
            }

            var current = await credentials.GetAsync(credential.CredentialId, CancellationToken.None);
            if (current is not { Credential.IsVisible: true } visible)
            {
                // Deleted meanwhile: a status must never be written over a delete's mark.
                throw ServiceException.NotFound("credential");
            }

            (credential, etag) = visible;
        }

        throw ServiceException.Conflict("The credential kept changing while its status was being set; try again.");
    }
}

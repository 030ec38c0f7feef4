using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.OAuth;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Credentials.Functions.Api;

/// <summary>The connector catalogue and what each connector needs to create a credential.</summary>
public sealed class ConnectorsFunctions(ApiCall api, ConnectorCatalog catalog, AuthConfigService authConfigs, IOptions<CredentialsOptions> options, ApiRoutes routes)
{
    /// <summary>
    /// Every connector with what a tenant needs to offer it (categories, authentication types, scopes, the callback URL to register,
    /// documentation), optionally only those of one authentication type (<c>?authType=</c>) and one category (<c>?category=</c>).
    /// </summary>
    [Function("ListConnectors")]
    public Task<ApiResponse<ConnectorList>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connectors")] HttpRequest request)
        => api.ForTenantAsync(request, _ => Task.FromResult(ApiResponse.Ok(
            ConnectorDescriptions.List(catalog, Filter(request, "authType"), Filter(request, "category"), options.Value.PublicBaseUrl, routes))));

    /// <summary>One connector, as in the list.</summary>
    [Function("GetConnector")]
    public Task<ApiResponse<ConnectorView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connectors/{connectorId}")] HttpRequest request,
        string connectorId)
        => api.ForTenantAsync(request, _ =>
        {
            var connector = catalog.Find(connectorId) ?? throw ServiceException.NotFound("connector");
            return Task.FromResult(ApiResponse.Ok(ConnectorDescriptions.Describe(connector, options.Value.PublicBaseUrl, routes)));
        });

    /// <summary>Per authentication type: the JSON Schema of the create body and a sample input.</summary>
    [Function("GetConnectorCredentialMetadata")]
    public Task<ApiResponse<CredentialMetadataView>> MetadataAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connectors/{connectorId}/credentials/metadata")] HttpRequest request,
        string connectorId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var connector = catalog.Find(connectorId) ?? throw ServiceException.NotFound("connector");
            var oauthConfigured = connector.OAuth2 is not null && await authConfigs.IsConfiguredAsync(tenant.TenantId, connector.Id, cancellationToken);
            return ApiResponse.Ok(new CredentialMetadataView(connector.Id, [.. connector.AuthenticationTypes.Select(type => new AuthenticationTypeMetadata(
                type,
                // OAuth needs an OAuth app (client id and secret): required until the tenant or the deployment has one.
                type == AuthenticationTypes.OAuth2 && !oauthConfigured,
                InputSchemaBuilder.Build(connector, type),
                InputSchemaBuilder.SampleInput(connector, type)))]));
        });

    // A filter given more than once is refused rather than guessed; an empty value is an unknown value (400 from the catalogue).
    private static string? Filter(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] ?? string.Empty : throw ServiceException.Invalid(name, "Give this filter at most once.");
    }
}

using Credentials.Core.Connectors;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.OAuth;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>The connector catalogue and what each connector needs to create a credential.</summary>
public sealed class ConnectorsFunctions(ApiCall api, ConnectorCatalog catalog, AuthConfigService authConfigs)
{
    /// <summary>Every connector: id, name, authentication types.</summary>
    [Function("ListConnectors")]
    public Task<ApiResponse<ConnectorList>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connectors")] HttpRequest request)
        => api.ForTenantAsync(request, _ => Task.FromResult(ApiResponse.Ok(new ConnectorList(
            [.. catalog.All.Select(c => new ConnectorSummary(c.Id, c.Name, c.Description, c.AuthenticationTypes))]))));

    /// <summary>Per authentication type: the JSON Schema of the create body and a sample input.</summary>
    [Function("GetConnectorCredentialMetadata")]
    public Task<ApiResponse<ConnectorMetadataView>> MetadataAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connectors/{connectorId}/credentials/metadata")] HttpRequest request,
        string connectorId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var connector = catalog.Find(connectorId) ?? throw ServiceException.NotFound("connector");
            var oauthConfigured = connector.OAuth2 is not null && await authConfigs.IsConfiguredAsync(tenant.TenantId, connector.Id, cancellationToken);
            return ApiResponse.Ok(new ConnectorMetadataView(connector.Id, [.. connector.AuthenticationTypes.Select(type => new AuthenticationTypeMetadata(
                type,
                // OAuth needs an OAuth app (client id and secret): required until the tenant or the deployment has one.
                type == AuthenticationTypes.OAuth2 && !oauthConfigured,
                InputSchemaBuilder.Build(connector, type),
                InputSchemaBuilder.SampleInput(connector, type)))]));
        });
}

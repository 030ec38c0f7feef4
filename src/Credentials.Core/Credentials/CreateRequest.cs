using System.Text.Json;
using Credentials.Core.Connectors;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;

namespace Credentials.Core.Credentials;

/// <summary>The checks every credential create body goes through before its type-specific rules: connector, type and owning user.</summary>
public static class CreateRequest
{
    /// <summary>The connector and authentication type a body names; a validation failure naming the field otherwise.</summary>
    public static (ConnectorDefinition Connector, string AuthenticationType) ResolveConnector(ConnectorCatalog catalog, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ServiceException.Invalid(string.Empty, "The body must be a JSON object.");
        }

        var errors = new Dictionary<string, string[]>();
        ConnectorDefinition? connector = null;
        if (!body.TryGetProperty("connectorId", out var connectorId) || connectorId.ValueKind != JsonValueKind.String)
        {
            errors["connectorId"] = ["connectorId is required and must be a string."];
        }
        else if ((connector = catalog.Find(connectorId.GetString())) is null)
        {
            errors["connectorId"] = ["Unknown connector; GET /api/connectors lists them."];
        }

        string? type = null;
        if (!body.TryGetProperty("authenticationType", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            errors["authenticationType"] = ["authenticationType is required and must be a string."];
        }
        else if (connector is not null && !connector.AuthenticationTypes.Contains(type = typeElement.GetString()!))
        {
            errors["authenticationType"] = [$"The connector supports: {string.Join(", ", connector.AuthenticationTypes)}."];
        }

        return errors.Count > 0 ? throw ServiceException.Invalid(errors) : (connector!, type!);
    }

    /// <summary>
    /// The tenant's user with its head row's ETag (a new credential's transaction is conditioned on it), or not_found: also for
    /// another tenant's user and for a user being deleted. The one user check of every create path.
    /// </summary>
    public static async Task<(User User, Azure.ETag ETag)> RequireUserAsync(UserStore users, TenantContext tenant, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(tenant);
        if (!ResourceIds.IsWellFormed(userId, ResourceIds.User))
        {
            throw ServiceException.Invalid("userId", "Not a user id.");
        }

        var found = await users.GetAsync(userId, cancellationToken);
        return found is { } hit && !hit.User.IsDeleting && string.Equals(hit.User.TenantId, tenant.TenantId, StringComparison.Ordinal)
            ? hit
            : throw ServiceException.NotFound("user");
    }

    /// <summary>Non-secret and secret connector fields of <c>data</c>, as strings.</summary>
    public static (Dictionary<string, string> Secret, Dictionary<string, string> Plain) SplitFields(ConnectorDefinition connector, string authenticationType, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var secret = new Dictionary<string, string>(StringComparer.Ordinal);
        var plain = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.ValueKind != JsonValueKind.Object)
        {
            return (secret, plain);
        }

        foreach (var field in connector.FieldsFor(authenticationType))
        {
            if (data.TryGetProperty(field.Name, out var value))
            {
                (field.Secret ? secret : plain)[field.Name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }

        return (secret, plain);
    }
}

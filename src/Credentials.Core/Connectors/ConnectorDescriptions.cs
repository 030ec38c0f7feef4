using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;

namespace Credentials.Core.Connectors;

/// <summary>Turns catalogue entries into the bodies of <c>GET /connectors</c> and <c>GET /connectors/{connectorId}</c>.</summary>
public static class ConnectorDescriptions
{
    /// <summary>
    /// The connectors offering <paramref name="authenticationType"/> and listing <paramref name="category"/> (each filter only when given).
    /// An unknown filter value is a <see cref="ErrorCodes.ValidationFailed"/> naming the query parameter.
    /// </summary>
    public static ConnectorList List(ConnectorCatalog catalog, string? authenticationType, string? category, Uri? publicBaseUrl, ApiRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (authenticationType is not null && !AuthenticationTypes.All.Contains(authenticationType, StringComparer.Ordinal))
        {
            throw ServiceException.Invalid("authType", $"Unknown authentication type; one of: {string.Join(", ", AuthenticationTypes.All)}.");
        }

        if (category is not null && !ConnectorCategories.All.Contains(category, StringComparer.Ordinal))
        {
            throw ServiceException.Invalid("category", $"Unknown category; one of: {string.Join(", ", ConnectorCategories.All)}.");
        }

        return new ConnectorList([.. catalog.All
            .Where(c => authenticationType is null || c.AuthenticationTypes.Contains(authenticationType, StringComparer.Ordinal))
            .Where(c => category is null || c.Categories.Contains(category, StringComparer.Ordinal))
            .Select(c => Describe(c, publicBaseUrl, routes))]);
    }

    /// <summary>One entry.</summary>
    public static ConnectorView Describe(ConnectorDefinition connector, Uri? publicBaseUrl, ApiRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(routes);
        return new ConnectorView
        {
            Id = connector.Id,
            Name = connector.Name,
            Description = connector.Description,
            Categories = connector.Categories,
            AuthenticationTypes = connector.AuthenticationTypes,
            VerifiedOnCreate = connector.Api?.Verification is not null && connector.AuthenticationTypes.Any(t => t != AuthenticationTypes.OAuth2),
            Docs = connector.Docs,
            OAuth2 = connector.OAuth2 is { } settings
                ? new ConnectorOAuth2View
                {
                    CallbackUrl = publicBaseUrl is null ? null : routes.CallbackUrl(publicBaseUrl, connector.Id),
                    DefaultScopes = settings.DefaultScopes,
                    KnownScopes = [.. settings.DefaultScopes.Concat(settings.KnownScopes).Distinct(StringComparer.Ordinal)],
                    ScopeSeparator = settings.ScopeSeparator,
                    RefreshTokenRotates = settings.RefreshTokenRotates,
                    Pkce = settings.Pkce,
                }
                : null,
        };
    }
}

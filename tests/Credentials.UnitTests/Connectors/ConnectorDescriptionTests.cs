using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Errors;
using Microsoft.Extensions.Options;

namespace Credentials.UnitTests.Connectors;

public class ConnectorDescriptionTests
{
    private static readonly ConnectorCatalog Catalog = new(Options.Create(new CredentialsOptions()));
    private static readonly Uri PublicBase = new("https://credentials.example.com/");
    private static readonly Credentials.Core.Configuration.ApiRoutes Routes = new("api");

    [Fact]
    public void AnOAuthEntryNamesTheCallbackUrlScopesAndRotation()
    {
        var slack = ConnectorDescriptions.Describe(Catalog.Find("slack")!, PublicBase, Routes);

        Assert.Equal("https://credentials.example.com/api/oauth/callback/slack", slack.OAuth2!.CallbackUrl);
        Assert.Equal(",", slack.OAuth2.ScopeSeparator);
        Assert.Equal(Catalog.Find("slack")!.OAuth2!.RefreshTokenRotates, slack.OAuth2.RefreshTokenRotates);
        Assert.Equal(Catalog.Find("slack")!.OAuth2!.DefaultScopes, slack.OAuth2.DefaultScopes);
        Assert.False(slack.VerifiedOnCreate);
        Assert.Contains("communication", slack.Categories);
    }

    [Fact]
    public void AnApiKeyEntryWithAVerificationRequestSaysItIsVerifiedOnCreateAndHasNoOAuthPart()
    {
        var stripe = ConnectorDescriptions.Describe(Catalog.Find("stripe")!, PublicBase, Routes);

        Assert.True(stripe.VerifiedOnCreate);
        Assert.Null(stripe.OAuth2);
        Assert.NotEmpty(stripe.Docs);
    }

    [Fact]
    public void FiltersKeepOnlyMatchingConnectors()
    {
        var apiKeys = ConnectorDescriptions.List(Catalog, "apiKey", null, PublicBase, Routes).Connectors;
        var accounting = ConnectorDescriptions.List(Catalog, null, "accounting", PublicBase, Routes).Connectors;
        var both = ConnectorDescriptions.List(Catalog, "oauth2", "accounting", null, Routes).Connectors;

        Assert.NotEmpty(apiKeys);
        Assert.All(apiKeys, c => Assert.Contains("apiKey", c.AuthenticationTypes));
        Assert.Contains(accounting, c => c.Id == "xero");
        Assert.All(accounting, c => Assert.Contains("accounting", c.Categories));
        Assert.All(both, c => Assert.Null(c.OAuth2!.CallbackUrl));
        Assert.DoesNotContain(both, c => c.Id == "netsuite");
        Assert.Equal(Catalog.All.Count, ConnectorDescriptions.List(Catalog, null, null, PublicBase, Routes).Connectors.Count);
    }

    [Theory]
    [InlineData("password", null, "authType")]
    [InlineData("", null, "authType")]
    [InlineData(null, "helpdesk", "category")]
    public void UnknownFilterValuesAreRefusedNamingTheParameter(string? authType, string? category, string field)
    {
        var error = Assert.Throws<ServiceException>(() => ConnectorDescriptions.List(Catalog, authType, category, PublicBase, Routes));

        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Contains(field, error.Errors!.Keys);
    }
}

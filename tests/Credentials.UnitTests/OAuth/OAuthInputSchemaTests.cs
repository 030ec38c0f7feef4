using System.Text.Json;
using Credentials.Core.Connectors;

namespace Credentials.UnitTests.OAuth;

public class OAuthInputSchemaTests
{
    private static readonly ConnectorDefinition Zendesk = new()
    {
        Id = "zendesk",
        Name = "Zendesk",
        AuthenticationTypes = ["oauth2"],
        Fields = new Dictionary<string, IReadOnlyList<ConnectorField>>
        {
            ["oauth2"] = [new ConnectorField { Name = "subdomain", Required = true, Pattern = "^[a-z0-9][a-z0-9-]{0,62}$" }],
        },
        OAuth2 = new OAuth2Settings { AuthorizationUrl = "https://{subdomain}.zendesk.com/oauth/authorizations/new", TokenUrl = "https://{subdomain}.zendesk.com/oauth/tokens" },
    };

    private const string User = "usr-aaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public void FlowBodyWithRedirectUriIsValid()
        => Assert.Empty(Validate(new { userId = User, connectorId = "zendesk", authenticationType = "oauth2", redirectUri = "https://app.example.com/done", scopes = new[] { "read" }, data = new { subdomain = "acme" } }));

    [Fact]
    public void ImportBodyWithAccessTokenIsValid()
        => Assert.Empty(Validate(new { userId = User, connectorId = "zendesk", authenticationType = "oauth2", data = new { subdomain = "acme", accessToken = "at", refreshToken = "rt", expiresAt = "2026-12-01T00:00:00Z" } }));

    [Fact]
    public void BodyWithBothRedirectUriAndAccessTokenIsRefused()
        => Assert.NotEmpty(Validate(new { userId = User, connectorId = "zendesk", authenticationType = "oauth2", redirectUri = "https://app.example.com/done", data = new { subdomain = "acme", accessToken = "at" } }));

    [Fact]
    public void BodyWithNeitherIsRefused()
        => Assert.NotEmpty(Validate(new { userId = User, connectorId = "zendesk", authenticationType = "oauth2", data = new { subdomain = "acme" } }));

    [Fact]
    public void HostInjectionInATemplatedFieldIsRefused()
        => Assert.NotEmpty(Validate(new { userId = User, connectorId = "zendesk", authenticationType = "oauth2", redirectUri = "https://app.example.com/done", data = new { subdomain = "evil.com/x?" } }));

    [Fact]
    public void SampleInputStartsAFlowAndValidates()
    {
        var sample = InputSchemaBuilder.SampleInput(Zendesk, "oauth2");
        sample["data"]!["subdomain"] = "acme";
        Assert.Empty(new CreateBodyValidator().Validate(Zendesk, "oauth2", JsonSerializer.SerializeToElement(sample)));
    }

    private static IReadOnlyDictionary<string, string[]> Validate(object body)
        => new CreateBodyValidator().Validate(Zendesk, "oauth2", JsonSerializer.SerializeToElement(body));
}

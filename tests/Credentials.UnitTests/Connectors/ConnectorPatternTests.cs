using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Microsoft.Extensions.Options;

namespace Credentials.UnitTests.Connectors;

public class ConnectorPatternTests
{
    private static readonly ConnectorDefinition Zendesk = new()
    {
        Id = "zendesk",
        Name = "Zendesk",
        AuthenticationTypes = ["apiKey"],
        Fields = new Dictionary<string, IReadOnlyList<ConnectorField>>
        {
            ["apiKey"] =
            [
                new ConnectorField { Name = "subdomain", Title = "Subdomain", Required = true, Pattern = "^[a-z0-9][a-z0-9-]{0,62}\\z" },
                new ConnectorField { Name = "apiKey", Title = "API key", Secret = true, Required = true },
            ],
        },
    };

    [Theory]
    [InlineData("^[a-z0-9-]+\\z", "acme", true)]
    [InlineData("^[a-z0-9-]+\\z", "acme\n", false)]
    [InlineData("^[a-z0-9-]+$", "acme\n", false)]
    [InlineData("^[a-z0-9-]+$", "acme", true)]
    [InlineData(null, "acme\r\nX-Evil: 1", false)]
    [InlineData(null, "acme\u0085", false)]
    [InlineData(null, "acme", true)]
    public void PatternsAreAnchoredAtTheVeryEndAndControlCharactersAreRefused(string? pattern, string value, bool expected)
    {
        Assert.Equal(expected, ConnectorPatterns.Accepts(pattern, value));
    }

    [Theory]
    [InlineData("^[a-z]+\\z", "^[a-z]+$")]
    [InlineData("^[a-z]+\\\\z", "^[a-z]+\\\\z")]
    [InlineData("^[a-z]+$", "^[a-z]+$")]
    public void PublishedPatternsUseTheEcmaEndAnchor(string pattern, string published)
    {
        Assert.Equal(published, ConnectorPatterns.ToEcmaScript(pattern));
    }

    [Theory]
    [InlineData("acme\n", "data.subdomain")]
    [InlineData("acme", null)]
    public void CreateBodyWithALineFeedAfterAValidSubdomainIsRefused(string subdomain, string? failing)
    {
        var body = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["userId"] = "usr-aaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["connectorId"] = "zendesk",
            ["authenticationType"] = "apiKey",
            ["data"] = new JsonObject { ["subdomain"] = subdomain, ["apiKey"] = "k" },
        });

        var errors = new CreateBodyValidator().Validate(Zendesk, "apiKey", body);

        if (failing is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([failing], errors.Keys);
        }
    }

    [Fact]
    public void ControlCharactersInSecretsNamesAndScopesAreRefusedToo()
    {
        var body = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["userId"] = "usr-aaaaaaaaaaaaaaaaaaaaaaaaaa",
            ["connectorId"] = "zendesk",
            ["authenticationType"] = "apiKey",
            ["name"] = "Support\n",
            ["data"] = new JsonObject { ["subdomain"] = "acme", ["apiKey"] = "key\r\nX-Evil: 1" },
        });

        var errors = new CreateBodyValidator().Validate(Zendesk, "apiKey", body);

        Assert.Contains("name", errors.Keys);
        Assert.Contains("data.apiKey", errors.Keys);
    }

    [Fact]
    public void ThePublishedInputSchemaCarriesAnEcmaPattern()
    {
        var schema = InputSchemaBuilder.Build(Zendesk, "apiKey");

        Assert.Equal("^[a-z0-9][a-z0-9-]{0,62}$", (string?)schema["properties"]!["data"]!["properties"]!["subdomain"]!["pattern"]);
    }

    [Theory]
    [InlineData("\"pattern\": \"^[a-z]+$\"", "fields.apiKey[0].pattern")]
    [InlineData("\"userAgent\": \"Acme\\n\"", "api.userAgent")]
    public void TheCatalogueRefusesAFileWhosePatternIsNotAnchoredWithZOrThatHoldsAControlCharacter(string replacement, string location)
    {
        var folder = Directory.CreateTempSubdirectory("connectors-").FullName;
        try
        {
            var json = File.ReadAllText(Path.Combine(ConnectorChecks.CatalogDirectory, "freshdesk.json"))
                .Replace("\"pattern\": \"^[a-z0-9][a-z0-9-]{0,62}\\\\z\"", replacement.StartsWith("\"pattern\"", StringComparison.Ordinal) ? replacement : "\"pattern\": \"^[a-z0-9][a-z0-9-]{0,62}\\\\z\"", StringComparison.Ordinal)
                .Replace("\"headers\": {},", replacement.StartsWith("\"userAgent\"", StringComparison.Ordinal) ? "\"headers\": {}, " + replacement + "," : "\"headers\": {},", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, "freshdesk.json"), json);

            var error = Assert.Throws<ConnectorFileException>(() => new ConnectorCatalog(Options.Create(new CredentialsOptions { ConnectorsPath = folder })));

            Assert.Contains($"'{location}'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

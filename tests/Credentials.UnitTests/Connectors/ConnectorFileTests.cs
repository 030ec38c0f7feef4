using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Credentials.UnitTests.Connectors;

public class ConnectorFileTests
{
    private static readonly string[] RequiredConnectors =
    [
        "airtable", "anthropic", "asana", "box", "calendly", "clickup", "confluence", "confluence-api-token",
        "docusign", "dropbox", "dynamics-365-business-central", "freshdesk", "github", "gmail", "google",
        "google-drive", "hubspot", "intercom", "jira", "jira-api-token", "linear", "mailchimp", "mailgun",
        "microsoft-graph", "monday", "netsuite", "notion", "openai", "pipedrive", "pipedrive-api-token", "quickbooks",
        "salesforce", "sendgrid", "shopify", "shopify-admin-token", "slack", "smartsheet", "stripe", "twilio",
        "typeform", "xero", "zendesk", "zoom",
    ];

    public static TheoryData<string> CatalogFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in ConnectorChecks.CatalogFiles())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void SchemaIsAValidDraft202012Schema()
    {
        var schema = JsonNode.Parse(File.ReadAllText(ConnectorChecks.SchemaPath))!;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.Empty(ConnectorChecks.SchemaErrors(MetaSchemas.Draft202012, schema));
    }

    [Fact]
    public void SchemaForbidsAdditionalPropertiesOnEveryObjectWithFixedProperties()
    {
        var schema = JsonNode.Parse(File.ReadAllText(ConnectorChecks.SchemaPath))!;
        var loose = new List<string>();
        Walk(schema, "");
        Assert.Empty(loose);

        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject obj)
            {
                if (obj["properties"] is JsonObject &&
                    (obj["additionalProperties"] is not JsonValue value || value.GetValueKind() != JsonValueKind.False))
                {
                    loose.Add(path);
                }

                foreach (var (key, child) in obj)
                {
                    Walk(child, $"{path}/{key}");
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}/{i}");
                }
            }
        }
    }

    [Fact]
    public void CatalogContainsTheRequiredConnectors()
    {
        var ids = ConnectorChecks.CatalogFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);

        Assert.All(RequiredConnectors, id => Assert.Contains(id, ids));
    }

    [Theory]
    [MemberData(nameof(CatalogFileNames))]
    public void CatalogFileHasCategories(string fileName)
    {
        Assert.NotEmpty(ConnectorChecks.LoadCatalogFile(fileName)["categories"]?.AsArray() ?? []);
    }

    [Fact]
    public void SchemaCategoriesAreTheCatalogueFilterValues()
    {
        var schema = JsonNode.Parse(File.ReadAllText(ConnectorChecks.SchemaPath))!;

        Assert.Equal(Credentials.Core.Connectors.ConnectorCategories.All, schema["$defs"]!["category"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(CatalogFileNames))]
    public void CatalogFileMatchesTheSchema(string fileName)
    {
        var errors = ConnectorChecks.SchemaErrors(ConnectorChecks.LoadCatalogFile(fileName));

        Assert.True(errors.Count == 0, $"{fileName}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [Theory]
    [MemberData(nameof(CatalogFileNames))]
    public void CatalogFilePassesTheRulesTheSchemaCannotExpress(string fileName)
    {
        var errors = ConnectorChecks.SemanticErrors(ConnectorChecks.LoadCatalogFile(fileName), fileName);

        Assert.True(errors.Count == 0, $"{fileName}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [Theory]
    [MemberData(nameof(CatalogFileNames))]
    public void CatalogFileRecordsItsSources(string fileName)
    {
        var document = ConnectorChecks.LoadCatalogFile(fileName);

        Assert.NotEmpty(document["docs"]?.AsArray() ?? []);
    }

    [Fact]
    public void CatalogFilesAreEmbeddedInCoreUnderTheirLogicalNames()
    {
        var core = typeof(Credentials.Core.Storage.TableNames).Assembly;
        var names = core.GetManifestResourceNames();

        Assert.Contains("Connectors.Schema.connector.schema.json", names);
        foreach (var id in RequiredConnectors)
        {
            Assert.Contains($"Connectors.{id}.json", names);
        }
    }

    // A valid document broken in one place must be rejected by the schema with an error at that place.
    [Theory]
    [InlineData("/oauth2/pkce", "\"yes\"")]
    [InlineData("/oauth2/tokenUrl", "\"http://acme.zendesk.com/oauth/tokens\"")]
    [InlineData("/oauth2/tokenEndpointAuthMethod", "\"private_key_jwt\"")]
    [InlineData("/oauth2/scopeSeparator", "\";\"")]
    [InlineData("/oauth2/accessTokenLifetime", "\"2 hours\"")]
    [InlineData("/id", "\"Zendesk!\"")]
    [InlineData("/fields/oauth2/0/pattern", "\"[a-z]+\"")]
    [InlineData("/fields/oauth2/0/pattern", "\"^[a-z]+$\"")]
    [InlineData("/categories/0", "\"helpdesk\"")]
    [InlineData("/api/userAgent", "\"\"")]
    [InlineData("/fields/oauth2/0/type", "\"number\"")]
    [InlineData("/api/allowedHosts/0", "\"https://*.zendesk.com\"")]
    [InlineData("/api/baseUrl", "\"https://{subdomain.zendesk.com\"")]
    [InlineData("/api/auth/oauth2/type", "\"cookie\"")]
    [InlineData("/oauth2/revocation/method", "\"PATCH\"")]
    public void SchemaRejectsABrokenDocumentAtTheBrokenPointer(string location, string value)
    {
        var document = ConnectorChecks.LoadCatalogFile("zendesk.json");
        Set(document, location, JsonNode.Parse(value));

        var errors = ConnectorChecks.SchemaErrors(document);

        Assert.Contains(errors, e => e.StartsWith(location + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("grant_type")]
    [InlineData("code_verifier")]
    [InlineData("client_secret")]
    public void SchemaRejectsATokenRequestParamThatWouldReplaceAProtocolParameter(string name)
    {
        var document = ConnectorChecks.LoadCatalogFile("zendesk.json");
        document["oauth2"]!["tokenRequestParams"]![name] = "x";

        Assert.NotEmpty(ConnectorChecks.SchemaErrors(document));
    }

    [Fact]
    public void SchemaRejectsAnUnknownProperty()
    {
        var document = ConnectorChecks.LoadCatalogFile("zendesk.json");
        document["oauth2"]!["refreshTokenRotation"] = true;

        var errors = ConnectorChecks.SchemaErrors(document);

        Assert.Contains(errors, e => e.StartsWith("/oauth2/refreshTokenRotation:", StringComparison.Ordinal));
    }

    [Fact]
    public void SchemaRejectsAMissingRequiredProperty()
    {
        var document = ConnectorChecks.LoadCatalogFile("zendesk.json");
        document["oauth2"]!.AsObject().Remove("deadGrantErrors");

        var errors = ConnectorChecks.SchemaErrors(document);

        Assert.Contains(errors, e => e.StartsWith("/oauth2:", StringComparison.Ordinal) && e.Contains("deadGrantErrors", StringComparison.Ordinal));
    }

    [Fact]
    public void SchemaAcceptsEveryCatalogFileThroughTheSameValidatorUsedForBrokenOnes()
    {
        var document = ConnectorChecks.LoadCatalogFile("zendesk.json");

        Assert.Empty(ConnectorChecks.SchemaErrors(document));
        Assert.Empty(ConnectorChecks.SemanticErrors(document, "zendesk.json"));
    }

    // Documents that match the schema but break a rule only the semantic checks can see.
    [Theory]
    [InlineData("zendesk.json", "/api/baseUrl", "\"https://{tenant}.zendesk.com\"", "/api/baseUrl: placeholder '{tenant}'")]
    [InlineData("zendesk.json", "/api/baseUrl", "\"https://{subdomain|upper}.zendesk.com\"", "/api/baseUrl: unknown transform 'upper'")]
    [InlineData("zendesk.json", "/api/allowedHosts/0", "\"*.zendesk.example\"", "/api/allowedHosts: no entry covers the baseUrl host 'acme.zendesk.com'")]
    [InlineData("zendesk.json", "/fields/oauth2/0/pattern", "\"^.+$\"", "/oauth2/authorizationUrl: the pattern of 'subdomain' accepts 'evil.example/'")]
    [InlineData("zendesk.json", "/fields/oauth2/0/example", "\"Not A Subdomain\"", "/fields/oauth2/0/example: does not match the pattern")]
    [InlineData("zendesk.json", "/oauth2/authorizationUrl", "\"https://{accessToken}.zendesk.com/oauth/authorizations/new\"", "/oauth2/authorizationUrl: placeholder '{accessToken}'")]
    [InlineData("zendesk.json", "/id", "\"zendesk-support\"", "/id: 'zendesk-support' does not match the file name 'zendesk'")]
    [InlineData("zendesk.json", "/authenticationTypes/0", "\"apiKey\"", "/api/auth: no entry for authentication type 'apiKey'")]
    [InlineData("freshdesk.json", "/api/auth/apiKey/username", "\"{accessToken}\"", "/api/auth/apiKey/username: placeholder '{accessToken}'")]
    [InlineData("freshdesk.json", "/api/auth/apiKey", "{\"type\":\"bearer\"}", "/api/auth/apiKey: bearer for a non-OAuth type needs a 'token' template")]
    [InlineData("freshdesk.json", "/fields/apiKey/1/name", "\"domain\"", "/fields/apiKey/1/name: duplicate field name 'domain'")]
    [InlineData("salesforce.json", "/oauth2/tokenResponseMetadata/0/pattern", "\"^https://.+$\"", "/api/baseUrl: the pattern of 'instanceUrl' accepts 'https://evil.example'")]
    [InlineData("xero.json", "/api/headers/Xero-Tenant-Id", "\"{tenantId}\"", "/api/headers/Xero-Tenant-Id: placeholder '{tenantId}'")]
    [InlineData("xero.json", "/oauth2/postConnect/0/url", "\"https://api.xero.com/connections?authEventId={authEvent}\"", "/oauth2/postConnect/0/url: placeholder '{authEvent}'")]
    [InlineData("zendesk.json", "/oauth2/tokenRequestParams/expires_in", "\"{accessToken}\"", "/oauth2/tokenRequestParams/expires_in: placeholder '{accessToken}'")]
    [InlineData("netsuite.json", "/api/baseUrl", "\"https://{accountId|netsuiteHost}.suitetalk.api.netsuite.com.evil.example\"", "/api/allowedHosts: no entry covers the baseUrl host")]
    public void SemanticChecksRejectABrokenDocument(string fileName, string location, string value, string expectedError)
    {
        var document = ConnectorChecks.LoadCatalogFile(fileName);
        Set(document, location, JsonNode.Parse(value));

        var errors = ConnectorChecks.SemanticErrors(document, fileName);

        Assert.Contains(errors, e => e.StartsWith(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void SemanticChecksRequireAPatternOnFieldsUsedInUrls()
    {
        var document = ConnectorChecks.LoadCatalogFile("zendesk.json");
        document["fields"]!["oauth2"]![0]!.AsObject().Remove("pattern");

        var errors = ConnectorChecks.SemanticErrors(document, "zendesk.json");

        Assert.Contains("/api/baseUrl: 'subdomain' is used in a URL but has no pattern", errors);
        Assert.Contains("/oauth2/tokenUrl: 'subdomain' is used in a URL but has no pattern", errors);
    }

    [Fact]
    public void SemanticChecksRequireTheOauth2BlockExactlyWhenOauth2IsAnAuthenticationType()
    {
        var withoutBlock = ConnectorChecks.LoadCatalogFile("zendesk.json");
        withoutBlock.AsObject().Remove("oauth2");
        var strayBlock = ConnectorChecks.LoadCatalogFile("freshdesk.json");
        strayBlock["oauth2"] = ConnectorChecks.LoadCatalogFile("zendesk.json")["oauth2"]!.DeepClone();

        Assert.Contains("/oauth2: required because authenticationTypes contains 'oauth2'", ConnectorChecks.SemanticErrors(withoutBlock, "zendesk.json"));
        Assert.Contains("/oauth2: present but authenticationTypes does not contain 'oauth2'", ConnectorChecks.SemanticErrors(strayBlock, "freshdesk.json"));
    }

    [Fact]
    public void SemanticChecksRejectPlainHttpAfterTemplateExpansion()
    {
        var document = ConnectorChecks.LoadCatalogFile("salesforce.json");
        document["oauth2"]!["tokenResponseMetadata"]![0]!["example"] = "http://acme.my.salesforce.com";

        var errors = ConnectorChecks.SemanticErrors(document, "salesforce.json");

        Assert.Contains(errors, e => e.StartsWith("/oauth2/tokenResponseMetadata", StringComparison.Ordinal) || e.StartsWith("/oauth2 metadata 'instanceUrl'/example", StringComparison.Ordinal));
        Assert.Contains("/api/baseUrl: 'http://acme.my.salesforce.com' is not an https URL", errors);
    }

    [Theory]
    [InlineData("*.zendesk.com", "acme.zendesk.com", true)]
    [InlineData("*.zendesk.com", "zendesk.com", false)]
    [InlineData("*.zendesk.com", "acmezendesk.com", false)]
    [InlineData("*.zendesk.com", "acme.zendesk.com.evil.example", false)]
    [InlineData("api.notion.com", "API.notion.com", true)]
    [InlineData("api.notion.com", "api.notion.com.evil.example", false)]
    public void AllowedHostPatternsMatchOnlyTheHostOrItsSubdomains(string allowed, string host, bool expected)
    {
        Assert.Equal(expected, ConnectorChecks.HostMatches(allowed, host));
    }

    [Fact]
    public void NetsuiteHostTransformTurnsASandboxAccountIdIntoAHostLabel()
    {
        var document = ConnectorChecks.LoadCatalogFile("netsuite.json");
        document["api"]!["allowedHosts"] = new JsonArray("1234567-sb1.suitetalk.api.netsuite.com");

        Assert.Empty(ConnectorChecks.SemanticErrors(document, "netsuite.json"));
    }

    private static void Set(JsonNode document, string location, JsonNode? value)
    {
        var segments = location.Split('/')[1..].Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var parent = document;
        foreach (var segment in segments[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : parent[segment]!;
        }

        var last = segments[^1];
        if (parent is JsonArray list)
        {
            list[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[last] = value;
        }
    }
}

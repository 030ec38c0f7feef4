using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;

namespace Credentials.UnitTests.Connectors;

public class InputSchemaTests
{
    private static readonly ConnectorDefinition Freshdesk = new()
    {
        Id = "freshdesk",
        Name = "Freshdesk",
        AuthenticationTypes = ["apiKey"],
        Fields = new Dictionary<string, IReadOnlyList<ConnectorField>>
        {
            ["apiKey"] =
            [
                new ConnectorField { Name = "domain", Title = "Helpdesk domain", Required = true, Pattern = "^[a-z0-9][a-z0-9-]{0,62}$" },
                new ConnectorField { Name = "apiKey", Title = "API key", Secret = true, Required = true },
            ],
        },
    };

    private const string UserId = "usr-aaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public void SchemaDescribesTheWholeBodyWithSecretFieldsWriteOnly()
    {
        var schema = InputSchemaBuilder.Build(Freshdesk, "apiKey");

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        var data = schema["properties"]!["data"]!;
        Assert.True((bool)data["properties"]!["apiKey"]!["writeOnly"]!);
        Assert.Null(data["properties"]!["domain"]!["writeOnly"]);
        Assert.Equal(["domain", "apiKey"], data["required"]!.AsArray().Select(n => (string)n!));
        Assert.False((bool)schema["additionalProperties"]!);
    }

    [Fact]
    public void ValidBodyPasses()
    {
        var errors = new CreateBodyValidator().Validate(Freshdesk, "apiKey", Body(new JsonObject { ["domain"] = "acme", ["apiKey"] = "k" }));
        Assert.Empty(errors);
    }

    [Fact]
    public void EachInvalidFieldIsNamed()
    {
        var errors = new CreateBodyValidator().Validate(Freshdesk, "apiKey", Body(new JsonObject { ["domain"] = "evil.com/x", ["extra"] = 1 }));

        Assert.Contains("data.domain", errors.Keys);
        Assert.Contains(errors.Keys, k => k.StartsWith("data", StringComparison.Ordinal));
        Assert.True(errors.Count >= 2, string.Join(", ", errors.Keys));
    }

    [Fact]
    public void WrongUserIdShapeAndUnknownTopLevelFieldAreRefused()
    {
        var body = JsonNode.Parse(Body(new JsonObject { ["domain"] = "acme", ["apiKey"] = "k" }).GetRawText())!.AsObject();
        body["userId"] = "usr-../../x";
        body["surprise"] = true;

        var errors = new CreateBodyValidator().Validate(Freshdesk, "apiKey", JsonSerializer.SerializeToElement(body));

        Assert.Contains("userId", errors.Keys);
    }

    [Fact]
    public void SampleInputValidatesAgainstItsOwnSchemaWhenExamplesAreGiven()
    {
        var sample = InputSchemaBuilder.SampleInput(Freshdesk, "apiKey");
        sample["data"]!["domain"] = "acme";

        Assert.Empty(new CreateBodyValidator().Validate(Freshdesk, "apiKey", JsonSerializer.SerializeToElement(sample)));
    }

    private static JsonElement Body(JsonObject data) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["userId"] = UserId,
        ["connectorId"] = "freshdesk",
        ["authenticationType"] = "apiKey",
        ["data"] = data,
    });
}

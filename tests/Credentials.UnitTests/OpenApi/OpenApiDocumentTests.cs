using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.DevServer.Functions;
using Credentials.DevServer.Storage;
using Credentials.Functions.Api;
using Credentials.Functions.OpenApi;
using Json.Schema;

namespace Credentials.UnitTests.OpenApi;

public class OpenApiDocumentTests
{
    private static readonly JsonObject Document = OpenApiFunction.Document("api");
    private static readonly string CommittedPath = Path.Combine(RepositoryRoot.Find(), "docs", "openapi.json");

    [Fact]
    public void EveryHttpFunctionHasExactlyOneOperationAndEveryOperationAFunction()
    {
        // The functions as DevServer finds them: an independent reflection over the [Function] methods.
        var functions = FunctionCatalog.Discover(typeof(HealthFunction).Assembly).HttpFunctions.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        var operations = Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]!.GetValue<string>())).ToList();

        Assert.Equal(functions, operations.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.Equal(functions, ApiOperations.All.Select(o => o.FunctionName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFunctionWithoutAnOperationStopsTheBuildNamingIt()
    {
        var partial = ApiOperations.All.Where(o => o.FunctionName != "GetUser").ToList();

        var exception = Assert.Throws<InvalidOperationException>(() => OpenApiDocumentBuilder.Build(typeof(HealthFunction).Assembly, partial, "api"));

        Assert.Contains("GetUser", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachOperationHasTheMethodsAndPathOfItsFunction()
    {
        foreach (var function in FunctionCatalog.Discover(typeof(HealthFunction).Assembly).HttpFunctions)
        {
            var item = Document["paths"]![OpenApiDocumentBuilder.PathTemplate(function.Route)]?.AsObject();
            Assert.True(item is not null, $"{function.Name}: no path {function.Route}");
            foreach (var method in function.HttpMethods.DefaultIfEmpty("GET"))
            {
                Assert.Equal(function.Name, item![method.ToLowerInvariant()]?["operationId"]?.GetValue<string>());
            }
        }
    }

    [Fact]
    public void SuccessBodiesAreTheContractsTheFunctionSignaturesName()
    {
        var functions = OpenApiDocumentBuilder.HttpFunctions(typeof(HealthFunction).Assembly).ToDictionary(f => f.Name);
        foreach (var operation in ApiOperations.All)
        {
            var named = OpenApiDocumentBuilder.BodyTypes(functions[operation.FunctionName].Method);
            foreach (var answer in operation.Responses.Where(r => r.Body is not null))
            {
                Assert.True(named.Contains(answer.Body!), $"{operation.FunctionName} documents {answer.Body!.Name}, its signature names [{string.Join(", ", named.Select(t => t.Name))}]");
            }
        }
    }

    [Fact]
    public void EveryPathParameterIsDeclaredAndEveryRefResolves()
    {
        var schemas = Document["components"]!["schemas"]!.AsObject();
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            var names = System.Text.RegularExpressions.Regex.Matches(path, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToList();
            foreach (var (method, operation) in item!.AsObject())
            {
                var declared = (operation!["parameters"] as JsonArray ?? []).Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>()).ToList();
                Assert.True(names.SequenceEqual(declared), $"{method} {path}: path parameters [{string.Join(",", declared)}]");
            }
        }

        var refs = Document.ToJsonString().Split("\"$ref\":\"").Skip(1).Select(r => r[..r.IndexOf('"', StringComparison.Ordinal)]).Distinct().ToList();
        Assert.NotEmpty(refs);
        Assert.All(refs, r => Assert.True(r.StartsWith("#/components/schemas/", StringComparison.Ordinal) && schemas.ContainsKey(r["#/components/schemas/".Length..]), $"unresolved {r}"));
    }

    [Fact]
    public void EverySchemaIsAValidDraft202012Schema()
    {
        var schemas = Document["components"]!["schemas"]!.AsObject();
        Assert.True(schemas.Count >= 15);
        foreach (var (name, schema) in schemas)
        {
            var results = MetaSchemas.Draft202012.Evaluate(JsonDocument.Parse(schema!.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(results.IsValid, $"{name} is not a valid JSON Schema");
        }
    }

    [Fact]
    public void ResponseSchemasRefuseFieldsTheyDoNotName()
    {
        var user = Document["components"]!["schemas"]!["UserView"]!;

        Assert.False(user["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(["userId", "username", "fullName", "createdAt", "status"], user["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void TheCommittedDocumentIsTheOneTheServiceServes()
    {
        var generated = Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            File.WriteAllText(CommittedPath, generated);
        }

        Assert.True(
            File.Exists(CommittedPath) && File.ReadAllText(CommittedPath).ReplaceLineEndings("\n") == generated,
            "docs/openapi.json differs from the document the code builds; regenerate it with: UPDATE_OPENAPI=1 dotnet test tests/Credentials.UnitTests --filter TheCommittedDocumentIsTheOneTheServiceServes");
    }
}

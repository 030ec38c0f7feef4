using System.Text.Json;
using Credentials.DevServer.Functions;
using Credentials.Functions.Api;

namespace Credentials.UnitTests.Hosting;

/// <summary>
/// Reads the functions.metadata the Worker SDK generates for Credentials.Functions (copied into this output by the
/// project reference) and checks what the real host will see, since the host itself cannot run here.
/// </summary>
public class FunctionsMetadataTests
{
    private static readonly string MetadataPath = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
    private static readonly IReadOnlyList<MetadataFunction> Metadata = ReadMetadata();
    private static readonly FunctionCatalog Catalog = FunctionCatalog.Discover(typeof(HealthFunction).Assembly);

    [Fact]
    public void TheMetadataDescribesTheFunctionsAssembly()
    {
        Assert.NotEmpty(Metadata);
        Assert.All(Metadata, f => Assert.Equal("Credentials.Functions.dll", f.ScriptFile));
    }

    [Fact]
    public void NoRouteStartsWithAPrefixTheHostReserves()
    {
        var reserved = HttpTriggers().Where(t => HostRouteRules.IsReserved(t.Route)).Select(t => $"{t.Function}: {t.Route}");

        Assert.Empty(reserved);
    }

    [Fact]
    public void NoTwoFunctionsShareARouteAndMethod()
    {
        var triggers = HttpTriggers().ToList();
        var conflicts =
            from first in triggers
            from second in triggers
            where string.CompareOrdinal(first.Function, second.Function) < 0
                && HostRouteRules.Shape(first.Route) == HostRouteRules.Shape(second.Route)
                && (first.Methods.Count == 0 || second.Methods.Count == 0 || first.Methods.Intersect(second.Methods).Any())
            select $"{first.Function} and {second.Function} both answer {HostRouteRules.Shape(first.Route)}";

        Assert.Empty(conflicts);
    }

    [Fact]
    public void EveryFunctionMethodAppearsInTheMetadataWithTheSameTriggerAndRoute()
    {
        Assert.Equal(
            Catalog.HttpFunctions.Select(f => f.Name).Concat(Catalog.TimerFunctions.Select(f => f.Name)).Concat(Catalog.UnsupportedFunctions).Order(StringComparer.Ordinal),
            Metadata.Select(f => f.Name).Order(StringComparer.Ordinal));

        foreach (var function in Catalog.HttpFunctions)
        {
            var metadata = Metadata.Single(m => m.Name == function.Name);
            var trigger = Assert.Single(metadata.Bindings, b => b.Type == "httpTrigger");
            Assert.Equal($"{function.Method.DeclaringType!.FullName}.{function.Method.Name}", metadata.EntryPoint);
            Assert.Equal(function.DeclaredRoute, trigger.Route);
            Assert.Equal(function.HttpMethods.Order(StringComparer.Ordinal), trigger.Methods.Order(StringComparer.Ordinal));
        }

        foreach (var function in Catalog.TimerFunctions)
        {
            var metadata = Metadata.Single(m => m.Name == function.Name);
            var trigger = Assert.Single(metadata.Bindings, b => b.Type == "timerTrigger");
            Assert.Equal($"{function.Method.DeclaringType!.FullName}.{function.Method.Name}", metadata.EntryPoint);
            Assert.Equal(function.Schedule, trigger.Schedule);
        }
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("admin/tenants", true)]
    [InlineData("/Admin/tenants", true)]
    [InlineData("administration/tenants", true)]
    [InlineData("runtime/webhooks", true)]
    [InlineData("RUNTIMEs", true)]
    [InlineData("platform/tenants", false)]
    [InlineData("users/admin", false)]
    [InlineData("health", false)]
    public void TheReservedRuleIsTheHostsStringPrefixRule(string route, bool reserved)
        => Assert.Equal(reserved, HostRouteRules.IsReserved(route));

    [Theory]
    [InlineData("users/{userId}", "Users/{id:guid}")]
    [InlineData("/credentials/{credentialId}/proxy/{*path}/", "credentials/{id}/proxy/{**rest}")]
    [InlineData("items/{id?}", "items/{other:int?}")]
    public void RouteShapesIgnoreParameterNamesAndConstraints(string first, string second)
        => Assert.Equal(HostRouteRules.Shape(first), HostRouteRules.Shape(second));

    [Fact]
    public void ACatchAllIsADifferentShapeFromOneSegment()
        => Assert.NotEqual(HostRouteRules.Shape("files/{name}"), HostRouteRules.Shape("files/{*path}"));

    private static IEnumerable<(string Function, string Route, IReadOnlyList<string> Methods)> HttpTriggers() =>
        from function in Metadata
        from binding in function.Bindings
        where binding.Type == "httpTrigger"
        select (function.Name, string.IsNullOrWhiteSpace(binding.Route) ? function.Name : binding.Route, binding.Methods);

    private static List<MetadataFunction> ReadMetadata()
    {
        Assert.True(File.Exists(MetadataPath), $"{MetadataPath} is missing: the Worker SDK generates it when Credentials.Functions builds.");
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath));
        return document.RootElement.EnumerateArray().Select(function => new MetadataFunction(
            function.GetProperty("name").GetString()!,
            function.GetProperty("scriptFile").GetString()!,
            function.GetProperty("entryPoint").GetString()!,
            function.GetProperty("bindings").EnumerateArray().Select(binding => new MetadataBinding(
                binding.GetProperty("type").GetString()!,
                Text(binding, "route"),
                binding.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
                    ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList()
                    : [],
                Text(binding, "schedule"))).ToList())).ToList();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record MetadataFunction(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<MetadataBinding> Bindings);

    private sealed record MetadataBinding(string Type, string? Route, IReadOnlyList<string> Methods, string? Schedule);
}

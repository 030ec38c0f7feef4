using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Credentials.Infra.Tests.Support;

/// <summary>A compiled ARM template with the resources of its nested (module) deployments flattened.</summary>
internal sealed class ArmTemplate
{
    private ArmTemplate(JsonObject root)
    {
        Root = root;
        var resources = new List<ArmResource>();
        Collect(root, module: null, resources);
        Resources = resources;
    }

    public JsonObject Root { get; }

    /// <summary>Every deployed resource (not <c>existing</c> references), modules' resources included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The whole template as compact JSON, for searches.</summary>
    public string Text => Root.ToJsonString();

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("The template is not a JSON object."));

    /// <summary>A deep copy to change in a test that proves a rule can fail.</summary>
    public ArmTemplate With(Action<JsonObject> change)
    {
        var copy = Root.DeepClone().AsObject();
        change(copy);
        return new ArmTemplate(copy);
    }

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type} in the template, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The module (nested deployment) with this name.</summary>
    public ArmResource Module(string name)
    {
        var matches = OfType("Microsoft.Resources/deployments").Where(module => module.Name == name).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one module named '{name}', found {matches.Count}.");
        return matches[0];
    }

    /// <summary>Every (template, output name, output) of the root template and of each module.</summary>
    public IEnumerable<(string Name, JsonObject Output)> Outputs()
    {
        var templates = new[] { Root }.Concat(OfType("Microsoft.Resources/deployments").Select(module => module.InnerTemplate!));
        foreach (var template in templates)
        {
            if (template["outputs"] is JsonObject outputs)
            {
                foreach (var (name, output) in outputs)
                {
                    yield return (name, output!.AsObject());
                }
            }
        }
    }

    private static void Collect(JsonObject template, ArmResource? module, List<ArmResource> resources)
    {
        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
        var nodes = template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject symbolic => symbolic.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };

        foreach (var node in nodes)
        {
            if (node["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            var resource = new ArmResource(node, template, module);
            resources.Add(resource);
            if (resource.InnerTemplate is { } inner)
            {
                Collect(inner, resource, resources);
            }
        }
    }
}

/// <summary>One resource of a template, with the template and module it is declared in.</summary>
internal sealed partial class ArmResource(JsonObject node, JsonObject template, ArmResource? module)
{
    public JsonObject Node { get; } = node;

    /// <summary>The template (root or a module's) that declares the resource: its parameters and variables.</summary>
    public JsonObject Template { get; } = template;

    /// <summary>The nested deployment (module) the resource is declared in; null at the root.</summary>
    public ArmResource? Module { get; } = module;

    public string Type => Node["type"]!.GetValue<string>();

    public string Name => Node["name"]!.GetValue<string>();

    public JsonObject Properties => Node["properties"]?.AsObject() ?? [];

    /// <summary>For a module: the template it deploys.</summary>
    public JsonObject? InnerTemplate =>
        string.Equals(Type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
            ? Node["properties"]?["template"]?.AsObject()
            : null;

    public string? String(string path) => Lookup(path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public bool? Boolean(string path) => Lookup(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public int? Integer(string path) => Lookup(path) is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    /// <summary>A node by a dotted path from the resource (e.g. <c>properties.functionAppConfig.runtime.name</c>).</summary>
    public JsonNode? Lookup(string path)
    {
        JsonNode? current = Node;
        foreach (var segment in path.Split('.'))
        {
            current = current is JsonObject obj && obj.TryGetPropertyValue(segment, out var next) ? next : null;
        }

        return current;
    }

    /// <summary>
    /// The value a module passes for one of this module's parameters (raw, as the parent template writes it),
    /// or the parameter's default when the module passes none.
    /// </summary>
    public string? ModuleArgument(string parameterName)
    {
        if (Module?.Node["properties"]?["parameters"]?[parameterName]?["value"] is JsonNode passed)
        {
            return passed is JsonValue value && value.TryGetValue<string>(out var text) ? text : passed.ToJsonString();
        }

        return Template["parameters"]?[parameterName]?["defaultValue"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonNode other => other.ToJsonString(),
            null => null,
        };
    }

    /// <summary>
    /// The raw value this resource's template receives for an expression that is exactly
    /// <c>[parameters('x')]</c>: what the enclosing module passes (or the default); other values as they are.
    /// </summary>
    public string? ThroughParameter(string? expression) =>
        expression is not null && ParameterReference().Match(expression) is { Success: true } match
            ? ModuleArgument(match.Groups[1].Value)
            : expression;

    /// <summary><c>variables('x')</c> replaced by the variable's own expression, recursively.</summary>
    public string ExpandVariables(string expression)
    {
        var variables = Template["variables"]?.AsObject();
        var text = expression;
        for (var round = 0; round < 10 && variables is not null; round++)
        {
            var expanded = VariableReference().Replace(text, match =>
                variables[match.Groups[1].Value] is JsonValue value && value.TryGetValue<string>(out var variable)
                    ? Unbracket(variable)
                    : match.Value);
            if (expanded == text)
            {
                break;
            }

            text = expanded;
        }

        return text;
    }

    /// <summary>An ARM expression without its brackets; a literal string quoted as ARM would.</summary>
    public static string Unbracket(string value) =>
        value.StartsWith('[') && value.EndsWith(']') && !value.StartsWith("[[", StringComparison.Ordinal)
            ? value[1..^1]
            : $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    public override string ToString() => $"{Type} {Name}";

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();
}

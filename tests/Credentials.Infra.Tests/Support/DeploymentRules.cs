using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Credentials.Infra.Tests.Support;

/// <summary>Rules for deploying and operating: who may deploy, scale-out bounds, telemetry volume, what the hooks read.</summary>
internal static partial class DeploymentRules
{
    /// <summary>Flex Consumption's documented lowest maximum instance count.</summary>
    public const int FlexLowestMaximumInstanceCount = 40;

    /// <summary>Flex Consumption's highest supported maximum instance count.</summary>
    public const int FlexHighestMaximumInstanceCount = 1000;

    /// <summary>
    /// The deploying principal's role names no fixed principalType (azd deploys as a user or a service principal, and ARM
    /// rejects a type that does not match), and a bool parameter of main.bicep, mapped to an azd variable, switches it off.
    /// </summary>
    public static void DeployerRoleFitsAnyPrincipalAndCanBeSwitchedOff(ArmTemplate template, string parametersFileText)
    {
        var assignments = TemplateRules.DeployerAssignments(template);
        Assert.True(assignments.Count == 1, $"Expected one role assignment for the deploying principal, found {assignments.Count}.");
        var assignment = assignments[0];

        var type = assignment.Lookup("properties.principalType");
        if (type is not null && type.GetValueKind() != JsonValueKind.Null)
        {
            var text = type is JsonValue value && value.TryGetValue<string>(out var typeText) ? typeText : type.ToJsonString();
            Assert.True(
                text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal),
                $"The deploying principal's role assignment fixes principalType to {text}: a different kind of principal then fails with UnmatchedPrincipalType.");
            var names = ParameterName().Matches(text).Select(match => match.Groups[1].Value).ToList();
            Assert.True(names.Count > 0, $"principalType '{text}' must come from a parameter.");
            foreach (var name in names)
            {
                var main = MainParameter(template, assignment, name);
                Assert.True(
                    template.Root["parameters"]![main]!["defaultValue"] is JsonValue fallback && fallback.GetValue<string>().Length == 0,
                    $"main.bicep's '{main}' must default to empty, so the principal type is looked up unless azd passes one.");
            }
        }

        var condition = assignment.Node["condition"] is JsonValue conditionValue ? conditionValue.GetValue<string>() : string.Empty;
        var switches = ParameterName().Matches(condition).Select(match => match.Groups[1].Value)
            .Where(name => assignment.Template["parameters"]?[name]?["type"]?.GetValue<string>() == "bool").ToList();
        Assert.True(switches.Count == 1, $"The deploying principal's role must depend on one bool parameter (the switch to skip it), not on '{condition}'.");
        var mainSwitch = MainParameter(template, assignment, switches[0]);
        Assert.Equal("bool", template.Root["parameters"]![mainSwitch]!["type"]?.GetValue<string>());

        using var parameters = JsonDocument.Parse(parametersFileText);
        Assert.True(
            parameters.RootElement.GetProperty("parameters").TryGetProperty(mainSwitch, out var entry)
                && entry.GetProperty("value").GetString() is { } mapped && mapped.StartsWith("${", StringComparison.Ordinal),
            $"main.parameters.json must map '{mainSwitch}' to an azd environment variable, so `azd env set` can switch the role off.");
    }

    /// <summary>maximumInstanceCount stays within what Flex Consumption accepts, whatever value the parameters allow.</summary>
    public static void ScaleOutStaysWithinFlexBounds(ArmTemplate template)
    {
        var app = template.Single("Microsoft.Web/sites");
        ParameterChain.ExpectWithin(
            app,
            app.Lookup("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"),
            FlexLowestMaximumInstanceCount,
            FlexHighestMaximumInstanceCount,
            "maximumInstanceCount");
    }

    /// <summary>The worker's sampling percentage is an app setting fed by a bounded parameter; the workspace has a daily cap, on by default.</summary>
    /// <summary>
    /// The secret store is main.bicep's <c>credentialStoreMode</c> (KeyVault by default, or Envelope, never Local), mapped to an azd
    /// variable and passed unchanged to the app setting; the vault role is the same in both modes, so no role depends on it.
    /// </summary>
    public static void SecretStoreModeIsAParameterWithTheSameVaultRole(ArmTemplate template, string parametersFileText)
    {
        var declaration = template.Root["parameters"]?["credentialStoreMode"];
        Assert.True(declaration is not null, "main.bicep declares no credentialStoreMode parameter.");
        Assert.Equal("KeyVault", declaration["defaultValue"]?.GetValue<string>());
        Assert.Equal(["Envelope", "KeyVault"], (declaration["allowedValues"]?.AsArray() ?? []).Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains("\"credentialStoreMode\"", parametersFileText, StringComparison.Ordinal);
        Assert.Contains("${AZURE_CREDENTIAL_STORE_MODE=KeyVault}", parametersFileText, StringComparison.Ordinal);

        var app = template.Single("Microsoft.Web/sites");
        var setting = template.OfType("Microsoft.Web/sites/config").Single(config => config.Name.EndsWith("'appsettings')]", StringComparison.Ordinal))
            .Properties[Credentials.Core.Configuration.AppSettings.SecretStore]?.GetValue<string>();
        Assert.Equal("[parameters('credentialStoreMode')]", app.ThroughParameter(setting));
        Assert.Equal("KeyVault", TemplateRules.ThroughModules(app, setting));

        var roles = template.OfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.DoesNotContain(roles, role => role.Node.ToJsonString().Contains("credentialStoreMode", StringComparison.Ordinal));
    }

    public static void WorkerTelemetryIsSampledAndTheWorkspaceCapped(ArmTemplate template)
    {
        var settings = template.OfType("Microsoft.Web/sites/config").Single(config => config.Name.EndsWith("'appsettings')]", StringComparison.Ordinal));
        var setting = settings.Properties[Credentials.Core.Configuration.AppSettings.TelemetrySamplingPercentage] is JsonValue value ? value.GetValue<string>() : null;
        var parameter = StringOfParameter().Match(setting ?? string.Empty);
        Assert.True(parameter.Success, $"The app setting {Credentials.Core.Configuration.AppSettings.TelemetrySamplingPercentage} must be string(<parameter>), not '{setting}'.");
        ParameterChain.ExpectWithin(settings, JsonValue.Create($"[{parameter.Groups[1].Value}]"), 1, 100, "the telemetry sampling percentage");

        var workspace = template.Single("Microsoft.OperationalInsights/workspaces");
        var cap = ParameterChain.ExpectWithin(workspace, workspace.Lookup("properties.workspaceCapping.dailyQuotaGb"), -1, int.MaxValue, "the workspace's daily cap");
        Assert.True(cap is > 0, $"The workspace's daily cap must be on by default (a positive number of GB), found {cap?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.");
    }

    /// <summary>Every azd variable the hooks read (AZURE_*) is an output of the template, which is how azd hands it over.</summary>
    public static void HooksReadOnlyTemplateOutputs(ArmTemplate template, IEnumerable<string> hookTexts)
    {
        var outputs = template.Root["outputs"]?.AsObject().Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        var read = hookTexts.SelectMany(text => EnvironmentRead().Matches(text)).Select(match => match.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("AZURE_KEY_VAULT_NAME", read);
        var missing = read.Where(name => !outputs.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"The hooks read {string.Join(", ", missing)}, which the template does not output.");
    }

    /// <summary>The main.bicep parameter that feeds a module parameter directly.</summary>
    private static string MainParameter(ArmTemplate template, ArmResource resource, string moduleParameter)
    {
        var argument = resource.ModuleArgument(moduleParameter) ?? string.Empty;
        var match = ParameterName().Match(argument);
        Assert.True(
            match.Success && argument == $"[parameters('{match.Groups[1].Value}')]" && template.Root["parameters"]?[match.Groups[1].Value] is not null,
            $"The module parameter '{moduleParameter}' must be fed by a main.bicep parameter, not '{argument}'.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^\[string\((parameters\('[^']+'\))\)\]$")]
    private static partial Regex StringOfParameter();

    // ${AZURE_X...} in sh, $env:AZURE_X in PowerShell.
    [GeneratedRegex(@"(?:\$\{|\$env:)(?<name>AZURE_[A-Z0-9_]+)")]
    private static partial Regex EnvironmentRead();
}

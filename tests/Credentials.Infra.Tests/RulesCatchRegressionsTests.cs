using System.Text.Json.Nodes;
using Credentials.Core.Configuration;
using Credentials.Core.Storage;
using Credentials.Infra.Tests.Support;
using Xunit.Sdk;

namespace Credentials.Infra.Tests;

/// <summary>
/// Each rule, run on a copy of the compiled template broken the way a real regression would break it,
/// must fail: a rule that cannot fail protects nothing.
/// </summary>
public sealed class RulesCatchRegressionsTests
{
    // Declared before Regressions, which uses it while being initialized.
    private static readonly Action<ArmTemplate> DeployerRole = template =>
        DeploymentRules.DeployerRoleFitsAnyPrincipalAndCanBeSwitchedOff(template, File.ReadAllText(RepositoryPaths.MainParameters));

    private static readonly Dictionary<string, (Action<JsonObject> Break, Action<ArmTemplate> Rule)> Regressions = new()
    {
        ["purge protection off"] = (
            root => Resource(root, "Microsoft.KeyVault/vaults")["properties"]!["enablePurgeProtection"] = false,
            TemplateRules.KeyVaultIsHardened),
        ["soft delete for 7 days"] = (
            root => Resource(root, "Microsoft.KeyVault/vaults")["properties"]!["softDeleteRetentionInDays"] = 7,
            TemplateRules.KeyVaultIsHardened),
        ["vault with access policies"] = (
            root => Resource(root, "Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"] = false,
            TemplateRules.KeyVaultIsHardened),
        ["shared keys allowed"] = (
            root => Resource(root, "Microsoft.Storage/storageAccounts")["properties"]!["allowSharedKeyAccess"] = true,
            TemplateRules.StorageIsHardened),
        ["TLS 1.0 allowed"] = (
            root => Resource(root, "Microsoft.Storage/storageAccounts")["properties"]!["minimumTlsVersion"] = "TLS1_0",
            TemplateRules.StorageIsHardened),
        ["a table dropped from infra"] = (
            root => Resource(root, "Microsoft.Storage/storageAccounts/tableServices/tables").Parent!.Parent!["variables"]!["tableNames"]!.AsArray().RemoveAt(0),
            template => TemplateRules.TablesAre(template, TableNames.All)),
        ["http allowed"] = (
            root => Resource(root, "Microsoft.Web/sites")["properties"]!["httpsOnly"] = false,
            TemplateRules.FunctionAppRunsDotnetIsolated10OnFlexConsumption),
        ["runtime 8.0"] = (
            root => Resource(root, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!["version"] = "8.0",
            TemplateRules.FunctionAppRunsDotnetIsolated10OnFlexConsumption),
        ["consumption Y1 plan"] = (
            root => Resource(root, "Microsoft.Web/serverfarms")["sku"]!["name"] = "Y1",
            TemplateRules.FunctionAppRunsDotnetIsolated10OnFlexConsumption),
        ["no keyVaultReferenceIdentity"] = (
            root => Resource(root, "Microsoft.Web/sites")["properties"]!.AsObject().Remove("keyVaultReferenceIdentity"),
            TemplateRules.AdminKeyIsAKeyVaultReference),
        ["deployment storage with a system identity"] = (
            root => Resource(root, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"] = "SystemAssignedIdentity",
            TemplateRules.FunctionAppUsesTheUserAssignedIdentityForEverything),
        ["admin key as a literal"] = (
            root => AppSettingsNode(root)["Credentials__AdminApiKey"] = "not-a-reference-0123456789",
            TemplateRules.AdminKeyIsAKeyVaultReference),
        ["a required setting missing"] = (
            root => AppSettingsNode(root).Remove(AppSettings.KeyVaultUri),
            template => TemplateRules.AppSettingsInclude(template, AppSettings.RequiredInAzure)),
        ["a setting under another name than the app reads"] = (
            root => Rename(AppSettingsNode(root), AppSettings.PublicBaseUrl, "Credentials__PublicUrl"),
            template => TemplateRules.AppSettingsInclude(template, AppSettings.RequiredInAzure)),
        ["Local secret store"] = (
            root => AppSettingsNode(root)[AppSettings.SecretStore] = "Local",
            template => TemplateRules.HasNoDevelopmentSwitches(template, AppSettings.DevelopmentOnly)),
        ["a development switch"] = (
            root => AppSettingsNode(root)[AppSettings.AllowInsecureLoopback] = "true",
            template => TemplateRules.HasNoDevelopmentSwitches(template, AppSettings.DevelopmentOnly)),
        ["FUNCTIONS_WORKER_RUNTIME on Flex"] = (
            root => AppSettingsNode(root)["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            TemplateRules.HostStorageUsesTheManagedIdentity),
        ["host storage by connection string"] = (
            root => AppSettingsNode(root)["AzureWebJobsStorage"] = "[format('DefaultEndpointsProtocol=https;AccountName={0}', parameters('storageAccountName'))]",
            TemplateRules.HostStorageUsesTheManagedIdentity),
        ["Application Insights local auth on"] = (
            root => Resource(root, "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"] = false,
            TemplateRules.TelemetryUsesEntraAuthenticationOnly),
        ["a queue role nobody needs"] = (
            root => AddRoleAssignment(root, TemplateRules.StorageQueueDataContributor, "Microsoft.Storage/storageAccounts", "storageAccountName"),
            TemplateRules.RoleAssignmentsAreLeastPrivilege),
        ["a role at resource group scope"] = (
            root => RoleAssignment(root, TemplateRules.StorageTableDataContributor).Remove("scope"),
            TemplateRules.RoleAssignmentsAreLeastPrivilege),
        ["a role on the wrong resource type"] = (
            root => RoleAssignment(root, TemplateRules.MonitoringMetricsPublisher)["scope"] = "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]",
            TemplateRules.RoleAssignmentsAreLeastPrivilege),
        ["a role on another vault"] = (
            root => RoleModuleArguments(root)["keyVaultName"] = new JsonObject { ["value"] = "kv-somewhere-else" },
            TemplateRules.RoleAssignmentsAreLeastPrivilege),
        ["the deployer's role for users only"] = (
            root => RoleAssignment(root, TemplateRules.KeyVaultSecretsOfficer, "deployerPrincipalId")["properties"]!["principalType"] = "User",
            DeployerRole),
        ["the deployer's principal type fixed by default"] = (
            root => root["parameters"]!["principalType"]!["defaultValue"] = "User",
            DeployerRole),
        ["the deployer's role without a switch"] = (
            root => RoleAssignment(root, TemplateRules.KeyVaultSecretsOfficer, "deployerPrincipalId")["condition"] = "[not(empty(parameters('deployerPrincipalId')))]",
            DeployerRole),
        ["a deployer role for another principal"] = (
            root => RoleModuleArguments(root)["deployerPrincipalId"] = new JsonObject { ["value"] = "00000000-0000-0000-0000-000000000001" },
            TemplateRules.RoleAssignmentsAreLeastPrivilege),
        ["20 instances at most"] = (
            root => Resource(root, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["maximumInstanceCount"] = 20,
            DeploymentRules.ScaleOutStaysWithinFlexBounds),
        ["main allowing a single instance"] = (
            root => root["parameters"]!["maximumInstanceCount"]!["minValue"] = 1,
            DeploymentRules.ScaleOutStaysWithinFlexBounds),
        ["the api module allowing a single instance"] = (
            root => Module(root, "api")["parameters"]!["maximumInstanceCount"]!["minValue"] = 1,
            DeploymentRules.ScaleOutStaysWithinFlexBounds),
        ["main without an upper bound on instances"] = (
            root => root["parameters"]!["maximumInstanceCount"]!.AsObject().Remove("maxValue"),
            DeploymentRules.ScaleOutStaysWithinFlexBounds),
        ["no worker sampling setting"] = (
            root => AppSettingsNode(root).Remove(AppSettings.TelemetrySamplingPercentage),
            DeploymentRules.WorkerTelemetryIsSampledAndTheWorkspaceCapped),
        ["a sampling percentage over 100"] = (
            root => root["parameters"]!["telemetrySamplingPercentage"]!["maxValue"] = 1000,
            DeploymentRules.WorkerTelemetryIsSampledAndTheWorkspaceCapped),
        ["a workspace without a daily cap"] = (
            root => Resource(root, "Microsoft.OperationalInsights/workspaces")["properties"]!.AsObject().Remove("workspaceCapping"),
            DeploymentRules.WorkerTelemetryIsSampledAndTheWorkspaceCapped),
        ["no daily cap by default"] = (
            root => root["parameters"]!["logAnalyticsDailyCapGb"]!["defaultValue"] = -1,
            DeploymentRules.WorkerTelemetryIsSampledAndTheWorkspaceCapped),
        ["an output the hooks read dropped"] = (
            root => root["outputs"]!.AsObject().Remove("AZURE_FUNCTION_APP_ID"),
            template => DeploymentRules.HooksReadOnlyTemplateOutputs(template, [File.ReadAllText(RepositoryPaths.PosixHook), File.ReadAllText(RepositoryPaths.WindowsHook)])),
        ["storage keys listed"] = (
            root => root["outputs"]!["PROBE"] = new JsonObject { ["type"] = "string", ["value"] = "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2025-01-01').keys[0].value]" },
            TemplateRules.NeverReadsStorageKeys),
        ["a connection string output"] = (
            root => root["outputs"]!["APPLICATIONINSIGHTS_CONNECTION_STRING"] = new JsonObject { ["type"] = "string", ["value"] = "[reference('x').ConnectionString]" },
            TemplateRules.OutputsAreNotSecret),
    };

    public static TheoryData<string> Names => [.. Regressions.Keys];

    [BicepTheory]
    [MemberData(nameof(Names))]
    public void RuleFailsOnTemplateWith(string regression)
    {
        var (breakTemplate, rule) = Regressions[regression];
        var template = CompiledInfra.Template;

        rule(template);
        var broken = template.With(breakTemplate);

        Assert.ThrowsAny<XunitException>(() => rule(broken));
    }

    private static void Rename(JsonObject settings, string from, string to)
    {
        var value = settings[from]?.DeepClone();
        settings.Remove(from);
        settings[to] = value;
    }

    private static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        foreach (var resource in template["resources"]!.AsArray().Select(node => node!.AsObject()))
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject inner)
            {
                foreach (var nested in Resources(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    private static JsonObject Resource(JsonObject root, string type) =>
        Resources(root).Single(resource => resource["type"]!.GetValue<string>() == type);

    /// <summary>The template a module deploys.</summary>
    private static JsonObject Module(JsonObject root, string name) =>
        Resources(root).Single(resource => resource["name"]?.GetValue<string>() == name)["properties"]!["template"]!.AsObject();

    private static JsonObject AppSettingsNode(JsonObject root) =>
        Resources(root).Single(resource =>
            resource["type"]!.GetValue<string>() == "Microsoft.Web/sites/config"
            && resource["name"]!.GetValue<string>().EndsWith("'appsettings')]", StringComparison.Ordinal))["properties"]!.AsObject();

    private static JsonObject RoleAssignments(JsonObject root) =>
        Resources(root).Single(resource => resource["name"]?.GetValue<string>() == "rbac")["properties"]!["template"]!.AsObject();

    private static JsonObject RoleModuleArguments(JsonObject root) =>
        Resources(root).Single(resource => resource["name"]?.GetValue<string>() == "rbac")["properties"]!["parameters"]!.AsObject();

    private static JsonObject RoleAssignment(JsonObject root, string roleId, string principalParameter = "identityPrincipalId")
    {
        var rbac = RoleAssignments(root);
        return Resources(rbac).Single(assignment =>
        {
            var role = assignment["properties"]!["roleDefinitionId"]!.GetValue<string>();
            var variable = role.Replace("[variables('", string.Empty, StringComparison.Ordinal).Replace("')]", string.Empty, StringComparison.Ordinal);
            var definition = rbac["variables"]?[variable]?.GetValue<string>() ?? role;
            return definition.Contains(roleId, StringComparison.Ordinal)
                && assignment["properties"]!["principalId"]!.GetValue<string>() == $"[parameters('{principalParameter}')]";
        });
    }

    private static void AddRoleAssignment(JsonObject root, string roleId, string scopeType, string scopeParameter)
    {
        var scope = $"resourceId('{scopeType}', parameters('{scopeParameter}'))";
        var role = $"subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleId}')";
        RoleAssignments(root)["resources"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "Microsoft.Authorization/roleAssignments",
            ["apiVersion"] = "2022-04-01",
            ["scope"] = $"[{scope}]",
            ["name"] = $"[guid({scope}, parameters('identityPrincipalId'), {role})]",
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = $"[{role}]",
                ["principalId"] = "[parameters('identityPrincipalId')]",
                ["principalType"] = "ServicePrincipal",
            },
        });
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Credentials.Infra.Tests.Support;

/// <summary>
/// The rules the compiled template must follow, as assertions. The tests run each rule on the real
/// template, and RulesCatchRegressionsTests runs it on a broken copy to prove it can fail.
/// </summary>
internal static partial class TemplateRules
{
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    public const string AdminKeySecretName = "platform-admin-key";

    private const string Sites = "Microsoft.Web/sites";
    private const string UserAssignedIdentities = "Microsoft.ManagedIdentity/userAssignedIdentities";

    /// <summary>Host storage settings the Flex host needs with an identity; queue/table URIs only with a queue or Durable trigger.</summary>
    private static readonly string[] HostStorageSettings =
        ["AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri"];

    /// <summary>Settings Flex Consumption rejects or that would bring back keys.</summary>
    private static readonly string[] ForbiddenSettings =
    [
        "AzureWebJobsStorage", "AzureWebJobsDashboard", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE",
        "APPINSIGHTS_INSTRUMENTATIONKEY",
    ];

    public static void KeyVaultIsHardened(ArmTemplate template)
    {
        var vault = template.Single("Microsoft.KeyVault/vaults");
        ExpectValue(vault, "properties.enableRbacAuthorization", true);
        ExpectValue(vault, "properties.enableSoftDelete", true);
        ExpectValue(vault, "properties.softDeleteRetentionInDays", 90);
        ExpectValue(vault, "properties.enablePurgeProtection", true);
        Assert.True(
            vault.Lookup("properties.accessPolicies") is null or JsonArray { Count: 0 },
            "The vault must use Azure RBAC only, without access policies.");
    }

    public static void KeyVaultPublicNetworkAccessIsAParameter(ArmTemplate template)
    {
        var vault = template.Single("Microsoft.KeyVault/vaults");
        var passed = vault.ThroughParameter(vault.String("properties.publicNetworkAccess"));
        var match = passed is null ? Match.Empty : ParameterReference().Match(passed);
        Assert.True(match.Success, $"publicNetworkAccess must come from a main.bicep parameter, not '{passed}'.");
        var allowed = template.Root["parameters"]?[match.Groups[1].Value]?["allowedValues"]?.AsArray()
            .Select(value => value!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "Disabled", "Enabled" }, allowed);
    }

    public static void StorageIsHardened(ArmTemplate template)
    {
        var storage = template.Single("Microsoft.Storage/storageAccounts");
        ExpectValue(storage, "properties.allowBlobPublicAccess", false);
        ExpectValue(storage, "properties.allowSharedKeyAccess", false);
        ExpectValue(storage, "properties.minimumTlsVersion", "TLS1_2");
        ExpectValue(storage, "properties.supportsHttpsTrafficOnly", true);
        foreach (var container in template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            ExpectValue(container, "properties.publicAccess", "None");
        }
    }

    /// <summary>The table names the template creates, whether declared one by one or in a loop over a variable.</summary>
    public static IReadOnlyList<string> Tables(ArmTemplate template)
    {
        var names = new List<string>();
        foreach (var table in template.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"))
        {
            if (table.Node["copy"] is JsonObject)
            {
                var loop = CopiedVariable().Match(table.Name);
                Assert.True(loop.Success, $"Cannot read the table names of the loop '{table.Name}'.");
                var variable = loop.Groups[1].Value;
                Assert.Equal($"[length(variables('{variable}'))]", table.Node["copy"]!["count"]?.GetValue<string>());
                names.AddRange(table.Template["variables"]![variable]!.AsArray().Select(name => name!.GetValue<string>()));
            }
            else
            {
                var literal = LastLiteralSegment().Match(table.Name);
                Assert.True(literal.Success, $"Cannot read the table name of '{table.Name}'.");
                names.Add(literal.Groups[1].Value);
            }
        }

        return names;
    }

    public static void TablesAre(ArmTemplate template, IEnumerable<string> expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), Tables(template).Order(StringComparer.Ordinal));

    public static void FunctionAppRunsDotnetIsolated10OnFlexConsumption(ArmTemplate template)
    {
        var app = template.Single(Sites);
        ExpectValue(app, "kind", "functionapp,linux");
        ExpectValue(app, "properties.httpsOnly", true);
        ExpectValue(app, "properties.siteConfig.minTlsVersion", "1.2");
        ExpectValue(app, "properties.functionAppConfig.runtime.name", "dotnet-isolated");
        ExpectValue(app, "properties.functionAppConfig.runtime.version", "10.0");

        var planReference = PlanReference().Match(app.String("properties.serverFarmId") ?? string.Empty);
        Assert.True(planReference.Success, $"serverFarmId must name a plan of the template, not '{app.String("properties.serverFarmId")}'.");
        var plan = template.OfType("Microsoft.Web/serverfarms")
            .SingleOrDefault(candidate => candidate.Module == app.Module && candidate.Name == $"[parameters('{planReference.Groups[1].Value}')]");
        Assert.True(plan is not null, "The function app's plan is not declared beside it.");
        ExpectValue(plan, "sku.name", "FC1");
        ExpectValue(plan, "sku.tier", "FlexConsumption");
        ExpectValue(plan, "properties.reserved", true);
    }

    public static void FunctionAppUsesTheUserAssignedIdentityForEverything(ArmTemplate template)
    {
        var app = template.Single(Sites);
        var identity = template.Single(UserAssignedIdentities);
        var identityId = app.String("properties.keyVaultReferenceIdentity");
        Assert.True(
            identityId is not null && identityId.Contains($"resourceId('{UserAssignedIdentities}'", StringComparison.Ordinal),
            $"keyVaultReferenceIdentity must be the user-assigned identity's resource id (otherwise Key Vault references stay unresolved), not '{identityId}'.");
        SameDeployedName(identity, "[parameters('name')]", app, NameParameterIn(identityId));

        ExpectValue(app, "identity.type", "UserAssigned");
        var assigned = app.Lookup("identity.userAssignedIdentities")?.AsObject().Select(pair => pair.Key).ToList() ?? [];
        Assert.True(
            assigned.Count == 1 && assigned[0].Contains(Unbracketed(identityId), StringComparison.Ordinal),
            $"The app must carry exactly the user-assigned identity, found: {string.Join(", ", assigned)}.");

        ExpectValue(app, "properties.functionAppConfig.deployment.storage.type", "blobContainer");
        ExpectValue(app, "properties.functionAppConfig.deployment.storage.authentication.type", "UserAssignedIdentity");
        ExpectValue(app, "properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId", identityId);

        var packageUrl = app.String("properties.functionAppConfig.deployment.storage.value") ?? string.Empty;
        Assert.Contains("primaryEndpoints.blob", packageUrl, StringComparison.Ordinal);
        var container = template.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        var containerParameter = ParameterReference().Match($"[{LastFormatArgument(container.Name)}]");
        Assert.True(containerParameter.Success, $"Cannot read the container name of '{container.Name}'.");
        var appParameter = DeploymentContainerParameter().Match(packageUrl);
        Assert.True(appParameter.Success, $"The deployment storage URL must name the container by a parameter: '{packageUrl}'.");
        SameDeployedName(container, $"[parameters('{containerParameter.Groups[1].Value}')]", app, appParameter.Groups[1].Value);
    }

    /// <summary>The function app's settings (the appsettings config resource and siteConfig.appSettings together).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(ArmTemplate template)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var config in template.OfType("Microsoft.Web/sites/config").Where(config => config.Name.EndsWith("'appsettings')]", StringComparison.Ordinal)))
        {
            foreach (var (name, value) in config.Properties)
            {
                Assert.True(settings.TryAdd(name, Text(value)), $"App setting {name} is set twice.");
            }
        }

        foreach (var entry in template.Single(Sites).Lookup("properties.siteConfig.appSettings")?.AsArray() ?? [])
        {
            var name = entry!["name"]!.GetValue<string>();
            Assert.True(settings.TryAdd(name, Text(entry["value"])), $"App setting {name} is set twice.");
        }

        return settings;
    }

    public static void AppSettingsInclude(ArmTemplate template, IEnumerable<string> required)
    {
        var settings = AppSettings(template);
        var missing = required.Where(name => !settings.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, $"The function app lacks the app setting(s) {string.Join(", ", missing)}.");
        var empty = settings.Where(pair => string.IsNullOrWhiteSpace(pair.Value)).Select(pair => pair.Key).ToList();
        Assert.True(empty.Count == 0, $"Empty app setting(s): {string.Join(", ", empty)}.");
    }

    public static void AppSettingsPointAtTheDeployedResources(ArmTemplate template)
    {
        var settings = AppSettings(template);
        var app = template.Single(Sites);
        Assert.Equal("KeyVault", ThroughModules(app, settings.GetValueOrDefault("Credentials__SecretStore")));
        ExpectReference(settings, "Credentials__TableStorage", "Microsoft.Storage/storageAccounts", ".primaryEndpoints.table");
        ExpectReference(settings, "Credentials__KeyVaultUri", "Microsoft.KeyVault/vaults", ".vaultUri");
        ExpectReference(settings, "AZURE_CLIENT_ID", UserAssignedIdentities, ".clientId");
        ExpectReference(settings, "Credentials__PublicBaseUrl", Sites, ".defaultHostName");
        Assert.StartsWith("[format('https://{0}'", settings["Credentials__PublicBaseUrl"], StringComparison.Ordinal);
        Assert.Equal("0 */5 * * * *", app.ThroughParameter(settings.GetValueOrDefault("RefreshSchedule")));
        Assert.Equal("0 */1 * * * *", app.ThroughParameter(settings.GetValueOrDefault("WebhookSchedule")));
    }

    public static void HostStorageUsesTheManagedIdentity(ArmTemplate template)
    {
        var settings = AppSettings(template);
        var hostSettings = settings.Keys.Where(name => name.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);
        Assert.Equal(HostStorageSettings.Order(StringComparer.Ordinal), hostSettings);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        ExpectReference(settings, "AzureWebJobsStorage__clientId", UserAssignedIdentities, ".clientId");
        ExpectReference(settings, "AzureWebJobsStorage__blobServiceUri", "Microsoft.Storage/storageAccounts", ".primaryEndpoints.blob");
        var forbidden = ForbiddenSettings.Where(settings.ContainsKey).ToList();
        Assert.True(forbidden.Count == 0, $"Setting(s) Flex Consumption rejects or that carry keys: {string.Join(", ", forbidden)}.");
    }

    public static void TelemetryUsesEntraAuthenticationOnly(ArmTemplate template)
    {
        var insights = template.Single("Microsoft.Insights/components");
        ExpectValue(insights, "properties.DisableLocalAuth", true);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", insights.String("properties.WorkspaceResourceId") ?? string.Empty, StringComparison.Ordinal);

        var settings = AppSettings(template);
        ExpectReference(settings, "APPLICATIONINSIGHTS_CONNECTION_STRING", "Microsoft.Insights/components", ".ConnectionString");
        ExpectReference(settings, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", UserAssignedIdentities, ".clientId");
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD'", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    public static void AdminKeyIsAKeyVaultReference(ArmTemplate template)
    {
        var value = AppSettings(template).GetValueOrDefault(Credentials.Core.Configuration.AppSettings.AdminApiKey) ?? string.Empty;
        Assert.True(
            value.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal)
                && (value.Contains($"SecretName={AdminKeySecretName}", StringComparison.Ordinal) || value.Contains($"secrets/{AdminKeySecretName}", StringComparison.Ordinal)),
            $"The admin key must be a Key Vault reference to the secret {AdminKeySecretName}, not '{value}'.");

        // The reference names the vault this template deploys.
        var app = template.Single(Sites);
        var vaultParameter = KeyVaultNameParameter().Match(value);
        Assert.True(vaultParameter.Success, $"The reference must name the vault by a parameter: '{value}'.");
        SameDeployedName(template.Single("Microsoft.KeyVault/vaults"), "[parameters('name')]", app, vaultParameter.Groups[1].Value);

        Assert.False(string.IsNullOrEmpty(app.String("properties.keyVaultReferenceIdentity")), "keyVaultReferenceIdentity must be set.");
    }

    public static void HasNoDevelopmentSwitches(ArmTemplate template, IEnumerable<string> developmentOnly, string otherText = "")
    {
        foreach (var name in developmentOnly)
        {
            Assert.DoesNotContain(name, template.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(name, otherText, StringComparison.OrdinalIgnoreCase);
        }

        var localValues = StringValues(template.Root).Where(value => string.Equals(value, "Local", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(localValues.Count == 0, "The template sets a value 'Local' (the development secret store).");
        Assert.Equal("KeyVault", ThroughModules(template.Single(Sites), AppSettings(template).GetValueOrDefault(Credentials.Core.Configuration.AppSettings.SecretStore)));
    }

    /// <summary>An expression followed up through the modules' arguments to main.bicep while it is exactly a parameter: the value deployed by default.</summary>
    public static string? ThroughModules(ArmResource resource, string? expression)
    {
        ArgumentNullException.ThrowIfNull(resource);
        for (var holder = resource; holder is not null && expression is not null && expression.StartsWith("[parameters('", StringComparison.Ordinal); holder = holder.Module)
        {
            expression = holder.ThroughParameter(expression);
        }

        return expression;
    }

    public static void NeverReadsStorageKeys(ArmTemplate template)
    {
        var text = template.Text;
        var listCalls = ListFunction().Matches(text).Select(match => match.Value).ToList();
        Assert.True(listCalls.Count == 0, $"The template calls {string.Join(", ", listCalls)}: keys and SAS tokens are off-limits.");
        foreach (var marker in new[] { "AccountKey=", "SharedAccessSignature=", "DefaultEndpointsProtocol=", "InstrumentationKey=" })
        {
            Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static void OutputsAreNotSecret(ArmTemplate template)
    {
        foreach (var (name, output) in template.Outputs())
        {
            var withoutVaultWord = KeyVaultWord().Replace(name, string.Empty);
            Assert.False(SecretWord().IsMatch(withoutVaultWord), $"Output '{name}' is named like a secret.");
            var type = output["type"]?.GetValue<string>() ?? string.Empty;
            Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"Output '{name}' is of type {type}.");
            var value = output["value"]?.ToJsonString() ?? string.Empty;
            foreach (var marker in new[] { "ConnectionString", "@Microsoft.KeyVault", "AccountKey", "InstrumentationKey", "secretUri" })
            {
                Assert.False(value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"Output '{name}' carries {marker}: {value}");
            }

            Assert.False(ListFunction().IsMatch(value), $"Output '{name}' calls a list function: {value}");
        }
    }

    /// <summary>One role assignment as the template declares it.</summary>
    internal sealed record RoleGrant(string RoleId, string ScopeType, string Principal, string PrincipalType, bool Conditional);

    public static IReadOnlyList<RoleGrant> RoleGrants(ArmTemplate template)
    {
        var grants = new List<RoleGrant>();
        foreach (var assignment in template.OfType("Microsoft.Authorization/roleAssignments"))
        {
            var roleDefinition = assignment.String("properties.roleDefinitionId") ?? string.Empty;
            var role = RoleDefinition().Match(Unbracketed(assignment.ExpandVariables(roleDefinition)));
            Assert.True(role.Success, $"{assignment}: roleDefinitionId must be subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '<guid>'), not '{roleDefinition}'.");

            var scope = assignment.Node["scope"]?.GetValue<string>() ?? string.Empty;
            var scopeMatch = ScopedResource().Match(scope);
            Assert.True(scopeMatch.Success, $"{assignment}: every role assignment must be scoped to one resource, not '{scope}'.");

            var principalId = assignment.String("properties.principalId") ?? string.Empty;
            var principal = ParameterReference().Match(principalId);
            Assert.True(principal.Success, $"{assignment}: principalId must be a parameter, not '{principalId}'.");

            var expectedName = $"[guid({Unbracketed(scope)}, {Unbracketed(principalId)}, {Unbracketed(roleDefinition)})]";
            Assert.True(assignment.Name == expectedName, $"{assignment}: the name must be guid(scope id, principal id, role definition id), i.e. {expectedName}.");

            // The scope is the very resource the template deploys, not one of the same type elsewhere.
            var scopeType = scopeMatch.Groups[1].Value;
            var target = template.OfType(scopeType).ToList();
            Assert.True(target.Count == 1, $"{assignment}: the template deploys {target.Count} {scopeType}, expected one.");
            SameDeployedName(target[0], target[0].Name, assignment, scopeMatch.Groups[2].Value);

            grants.Add(new RoleGrant(
                role.Groups[1].Value,
                scopeType,
                ResolvePrincipal(assignment.ModuleArgument(principal.Groups[1].Value)),
                assignment.String("properties.principalType") ?? string.Empty,
                assignment.Node["condition"] is not null));
        }

        return grants;
    }

    public static void RoleAssignmentsAreLeastPrivilege(ArmTemplate template)
    {
        var grants = RoleGrants(template);
        var identityGrants = grants.Where(grant => grant.Principal == "identity")
            .Select(grant => (grant.RoleId, grant.ScopeType, grant.PrincipalType, grant.Conditional))
            .Order().ToList();
        (string, string, string, bool)[] expected =
        [
            (KeyVaultSecretsOfficer, "Microsoft.KeyVault/vaults", "ServicePrincipal", false),
            (StorageTableDataContributor, "Microsoft.Storage/storageAccounts", "ServicePrincipal", false),
            (StorageBlobDataOwner, "Microsoft.Storage/storageAccounts", "ServicePrincipal", false),
            (MonitoringMetricsPublisher, "Microsoft.Insights/components", "ServicePrincipal", false),
        ];
        Assert.Equal(expected.Order(), identityGrants);

        // Its principal type is checked by DeploymentRules.DeployerRoleFitsAnyPrincipalAndCanBeSwitchedOff.
        var deployerGrants = grants.Where(grant => grant.Principal == "deployer").Select(grant => (grant.RoleId, grant.ScopeType, grant.Conditional)).ToList();
        Assert.Equal(new[] { (KeyVaultSecretsOfficer, "Microsoft.KeyVault/vaults", true) }, deployerGrants);

        var others = grants.Where(grant => grant.Principal is not ("identity" or "deployer")).ToList();
        Assert.True(others.Count == 0, $"Role assignments for unexpected principals: {string.Join("; ", others)}.");
    }

    /// <summary>Fails when a resource is missing a key-value in the compiled template.</summary>
    private static void ExpectValue<T>(ArmResource? resource, string path, T expected)
    {
        Assert.NotNull(resource);
        var node = resource.Lookup(path);
        var actual = node is JsonValue value && value.TryGetValue<T>(out var typed) ? typed : default;
        Assert.True(
            node is not null && EqualityComparer<T>.Default.Equals(actual, expected),
            $"{resource}: expected {path} = {expected}, found {node?.ToJsonString() ?? "nothing"}.");
    }

    private static void ExpectReference(IReadOnlyDictionary<string, string> settings, string name, string resourceType, string property)
    {
        var value = settings.GetValueOrDefault(name) ?? string.Empty;
        Assert.True(
            value.Contains($"'{resourceType}'", StringComparison.Ordinal) && value.Contains(property, StringComparison.Ordinal),
            $"App setting {name} must read {property} of the {resourceType} the template deploys, not '{value}'.");
    }

    /// <summary>
    /// Two resources in different modules refer to the same deployed name: the module of <paramref name="declared"/>
    /// receives for <paramref name="declaredExpression"/> what the module of <paramref name="user"/> receives for its parameter.
    /// </summary>
    private static void SameDeployedName(ArmResource declared, string declaredExpression, ArmResource user, string userParameter)
    {
        var declaredName = declared.ThroughParameter(declaredExpression);
        var usedName = user.ModuleArgument(userParameter);
        Assert.True(
            declaredName is not null && declaredName == usedName,
            $"{user} refers to '{usedName}' but {declared} is deployed as '{declaredName}'.");
    }

    private static string NameParameterIn(string? resourceId)
    {
        var match = ResourceIdParameter().Match(resourceId ?? string.Empty);
        Assert.True(match.Success, $"Expected resourceId('<type>', parameters('<name>')), found '{resourceId}'.");
        return match.Groups[1].Value;
    }

    /// <summary>The role assignments whose principal is the deploying principal (main.bicep's principalId).</summary>
    public static IReadOnlyList<ArmResource> DeployerAssignments(ArmTemplate template) =>
        template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => ParameterReference().Match(assignment.String("properties.principalId") ?? string.Empty) is { Success: true } principal
                && ResolvePrincipal(assignment.ModuleArgument(principal.Groups[1].Value)) == "deployer")
            .ToList();

    /// <summary>Which principal a module argument stands for: the identity module's output or the main.bicep principalId parameter.</summary>
    private static string ResolvePrincipal(string? argument) => argument switch
    {
        "[parameters('principalId')]" => "deployer",
        not null when argument.Contains("'Microsoft.Resources/deployments', 'identity')", StringComparison.Ordinal)
            && argument.EndsWith(".outputs.principalId.value]", StringComparison.Ordinal) => "identity",
        _ => argument ?? "nothing",
    };

    private static string Unbracketed(string? expression) => ArmResource.Unbracket(expression ?? string.Empty);

    private static string LastFormatArgument(string expression)
    {
        var match = LastFormatArgumentPattern().Match(expression);
        return match.Success ? match.Groups[1].Value : string.Empty;
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? string.Empty;

    private static IEnumerable<string> StringValues(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => StringValues(pair.Value)),
        JsonArray array => array.SelectMany(StringValues),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[resourceId\('Microsoft\.Web/serverfarms', parameters\('([^']+)'\)\)\]$")]
    private static partial Regex PlanReference();

    [GeneratedRegex(@"resourceId\('[^']+', parameters\('([^']+)'\)\)")]
    private static partial Regex ResourceIdParameter();

    [GeneratedRegex(@"^\[resourceId\('([^']+)', parameters\('([^']+)'\)\)\]$")]
    private static partial Regex ScopedResource();

    [GeneratedRegex(@"^subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', '([0-9a-f-]{36})'\)$")]
    private static partial Regex RoleDefinition();

    [GeneratedRegex(@"variables\('([^']+)'\)\[copyIndex\(\)\]\)\]$")]
    private static partial Regex CopiedVariable();

    [GeneratedRegex(@", '([^']+)'\)\]$")]
    private static partial Regex LastLiteralSegment();

    [GeneratedRegex(@", ([^,]+)\)\]$")]
    private static partial Regex LastFormatArgumentPattern();

    [GeneratedRegex(@"parameters\('([^']+)'\)\)?\]?$")]
    private static partial Regex DeploymentContainerParameter();

    [GeneratedRegex(@"@Microsoft\.KeyVault\(.*?parameters\('([^']+)'\)")]
    private static partial Regex KeyVaultNameParameter();

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"key_?vault", RegexOptions.IgnoreCase)]
    private static partial Regex KeyVaultWord();

    [GeneratedRegex(@"key|secret|password|connection_?string|sas", RegexOptions.IgnoreCase)]
    private static partial Regex SecretWord();
}

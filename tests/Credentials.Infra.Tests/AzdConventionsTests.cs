using System.Text.Json;
using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

/// <summary>What the Azure Developer CLI relies on: scope, names, tags, parameters, outputs, azure.yaml.</summary>
public sealed class AzdConventionsTests
{
    [BicepFact]
    public void MainDeploysAtSubscriptionScopeIntoOneResourceGroup()
    {
        var template = CompiledInfra.Template;
        Assert.Contains("subscriptionDeploymentTemplate.json", template.Root["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        var group = template.Single("Microsoft.Resources/resourceGroups");
        Assert.Null(group.Module);
        Assert.All(template.OfType("Microsoft.Resources/deployments"), module =>
            Assert.Equal(group.Name, module.Node["resourceGroup"]?.GetValue<string>()));
    }

    [BicepFact]
    public void ResourceTokenFollowsTheAzdConvention() =>
        Assert.Equal(
            "[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]",
            CompiledInfra.Template.Root["variables"]?["resourceToken"]?.GetValue<string>());

    [BicepFact]
    public void EveryResourceCarriesTheAzdEnvironmentTag()
    {
        var template = CompiledInfra.Template;
        Assert.Equal("[parameters('environmentName')]", template.Root["variables"]?["tags"]?["azd-env-name"]?.GetValue<string>());

        var tagged = template.Resources.Where(resource =>
            resource.Type.Count(character => character == '/') == 1
            && resource.Type is not ("Microsoft.Resources/deployments" or "Microsoft.Authorization/roleAssignments")).ToList();
        Assert.NotEmpty(tagged);
        foreach (var resource in tagged)
        {
            var tags = resource.Node["tags"]?.GetValue<string>() ?? string.Empty;
            var source = resource.Module is null ? tags : resource.ModuleArgument("tags");
            Assert.True(
                (tags == "[parameters('tags')]" || tags.StartsWith("[union(parameters('tags'), ", StringComparison.Ordinal) || resource.Module is null)
                    && source == "[variables('tags')]",
                $"{resource} must carry main.bicep's tags (azd-env-name), found '{tags}' from '{source}'.");
        }
    }

    [BicepFact]
    public void FunctionAppCarriesTheAzdServiceNameOfAzureYaml() =>
        Assert.Contains("createObject('azd-service-name', 'api')", CompiledInfra.Template.Single("Microsoft.Web/sites").Node["tags"]!.GetValue<string>(), StringComparison.Ordinal);

    [BicepFact]
    public void OutputsGiveAzdWhatItNeedsAndNothingSecret()
    {
        var template = CompiledInfra.Template;
        string[] expected =
        [
            "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "AZURE_FUNCTION_APP_ID", "SERVICE_API_URI",
            "AZURE_KEY_VAULT_NAME", "AZURE_KEY_VAULT_ENDPOINT", "AZURE_STORAGE_ACCOUNT_NAME",
        ];
        var outputs = template.Root["outputs"]!.AsObject().Select(pair => pair.Key).ToList();
        Assert.All(expected, name => Assert.Contains(name, outputs));
        TemplateRules.OutputsAreNotSecret(template);
    }

    [BicepFact]
    public void ParametersFileSuppliesTheAzdEnvironmentToExistingParameters()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.MainParameters));
        var values = parameters.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(parameter => parameter.Name, parameter => parameter.Value.GetProperty("value").GetString());
        Assert.Equal("${AZURE_ENV_NAME}", values["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", values["location"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", values["principalId"]);
        Assert.Equal("${AZURE_PRINCIPAL_TYPE}", values["principalType"]);
        Assert.Equal("${AZURE_GRANT_DEPLOYER_KEY_VAULT_ROLE=true}", values["grantDeployerKeyVaultRole"]);

        var declared = CompiledInfra.Template.Root["parameters"]!.AsObject().Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(values.Keys, name => Assert.Contains(name, declared));
    }

    [Fact]
    public void AzureYamlDeploysTheFunctionsProjectAsAFunctionService()
    {
        var lines = File.ReadAllLines(RepositoryPaths.AzureYaml).Select(line => line.Trim()).ToList();
        Assert.Contains("api:", lines);
        Assert.Contains("host: function", lines);
        Assert.Contains("language: dotnet", lines);
        var project = lines.Single(line => line.StartsWith("project:", StringComparison.Ordinal))["project:".Length..].Trim();
        var projectDirectory = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, project));
        Assert.True(
            File.Exists(Path.Combine(projectDirectory, "Credentials.Functions.csproj")),
            $"azure.yaml's project '{project}' is not the Functions project.");
    }

    [Fact]
    public void PostprovisionHookIsDeclaredForBothShells() =>
        AzureYamlRules.PostprovisionHookRunsInBothShells(File.ReadAllText(RepositoryPaths.AzureYaml), RepositoryPaths.Root);

    [BicepFact]
    public void HooksReadOnlyWhatTheTemplateOutputs() =>
        DeploymentRules.HooksReadOnlyTemplateOutputs(
            CompiledInfra.Template, [File.ReadAllText(RepositoryPaths.PosixHook), File.ReadAllText(RepositoryPaths.WindowsHook)]);
}

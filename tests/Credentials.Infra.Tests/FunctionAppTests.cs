using Credentials.Core.Configuration;
using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

public sealed class FunctionAppTests
{
    [BicepFact]
    public void FunctionAppIsHttpsOnlyAndRunsDotnetIsolated10OnFlexConsumption() =>
        TemplateRules.FunctionAppRunsDotnetIsolated10OnFlexConsumption(CompiledInfra.Template);

    [BicepFact]
    public void FunctionAppUsesItsUserAssignedIdentityForDeploymentStorageAndKeyVaultReferences() =>
        TemplateRules.FunctionAppUsesTheUserAssignedIdentityForEverything(CompiledInfra.Template);

    [BicepFact]
    public void AppSettingsIncludeEverySettingTheAppRequiresInAzure() =>
        TemplateRules.AppSettingsInclude(CompiledInfra.Template, AppSettings.RequiredInAzure);

    [BicepFact]
    public void AppSettingsPointAtTheDeployedResources() =>
        TemplateRules.AppSettingsPointAtTheDeployedResources(CompiledInfra.Template);

    [BicepFact]
    public void HostStorageUsesTheManagedIdentityAndBlobsOnly() =>
        TemplateRules.HostStorageUsesTheManagedIdentity(CompiledInfra.Template);

    [BicepFact]
    public void TelemetryIsAcceptedOnlyWithEntraAuthentication() =>
        TemplateRules.TelemetryUsesEntraAuthenticationOnly(CompiledInfra.Template);

    [BicepFact]
    public void TemplateAndParametersCarryNoDevelopmentSwitches() =>
        TemplateRules.HasNoDevelopmentSwitches(
            CompiledInfra.Template, AppSettings.DevelopmentOnly, File.ReadAllText(RepositoryPaths.MainParameters));

    [BicepFact]
    public void ScaleOutLimitStaysWithinWhatFlexConsumptionAccepts() =>
        DeploymentRules.ScaleOutStaysWithinFlexBounds(CompiledInfra.Template);

    [BicepFact]
    public void SecretStoreModeIsAParameterOfKeyVaultOrEnvelopeWithTheSameVaultRole() =>
        DeploymentRules.SecretStoreModeIsAParameterWithTheSameVaultRole(CompiledInfra.Template, File.ReadAllText(RepositoryPaths.MainParameters));

    [BicepFact]
    public void WorkerTelemetryIsSampledAndTheWorkspaceHasADailyCap() =>
        DeploymentRules.WorkerTelemetryIsSampledAndTheWorkspaceCapped(CompiledInfra.Template);
}

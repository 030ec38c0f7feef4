using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

public sealed class KeyVaultTests
{
    [BicepFact]
    public void KeyVaultHasPurgeProtectionSoftDeleteOf90DaysAndRbac() =>
        TemplateRules.KeyVaultIsHardened(CompiledInfra.Template);

    [BicepFact]
    public void KeyVaultPublicNetworkAccessIsAParameterOfMain() =>
        TemplateRules.KeyVaultPublicNetworkAccessIsAParameter(CompiledInfra.Template);

    [BicepFact]
    public void AdminApiKeyIsAKeyVaultReferenceResolvedWithTheUserAssignedIdentity() =>
        TemplateRules.AdminKeyIsAKeyVaultReference(CompiledInfra.Template);
}

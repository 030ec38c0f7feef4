using Credentials.Core.Storage;
using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

public sealed class StorageTests
{
    [BicepFact]
    public void StorageAccountRefusesSharedKeysPublicBlobsPlainHttpAndOldTls() =>
        TemplateRules.StorageIsHardened(CompiledInfra.Template);

    [BicepFact]
    public void TemplateCreatesExactlyTheTablesTheAppUses() =>
        TemplateRules.TablesAre(CompiledInfra.Template, TableNames.All);

    [BicepFact]
    public void TemplateNeverReadsStorageKeysOrBuildsConnectionStrings() =>
        TemplateRules.NeverReadsStorageKeys(CompiledInfra.Template);
}

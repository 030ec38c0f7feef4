using Credentials.Core.Storage;
using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

/// <summary>The README's deploy section, the files the infrastructure points at, and host.json's telemetry settings.</summary>
public sealed class DeployGuideTests
{
    private static string DeploySection => DeployGuideRules.Section(File.ReadAllText(RepositoryPaths.Readme));

    [Fact]
    public void DeploySectionNamesEveryTableAndTheLocalOnlyOne() =>
        DeployGuideRules.NamesEveryTable(DeploySection, TableNames.All, TableNames.Secrets);

    [Fact]
    public void EachDeploySubsectionSetsTheShellVariablesItUses() =>
        DeployGuideRules.EachSubsectionSetsTheVariablesItUses(DeploySection);

    [Fact]
    public void DeploySectionEndsWithTheSmokeCheck() =>
        DeployGuideRules.EndsWithTheSmokeCheck(DeploySection);

    [Fact]
    public void DeploySectionPointsOnlyAtFilesThatExist() =>
        FileReferenceRules.ReferencedPathsExist(DeploySection, RepositoryPaths.Root, "The README's deploy section");

    [Fact]
    public void InfrastructureFilesPointOnlyAtFilesThatExist()
    {
        var files = Directory.EnumerateFiles(RepositoryPaths.Infra, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetExtension(path) is ".bicep" or ".md" or ".sh" or ".ps1")
            .Append(RepositoryPaths.AzureYaml)
            .ToList();
        Assert.Contains(files, path => path.EndsWith("main.bicep", StringComparison.Ordinal));
        foreach (var file in files)
        {
            FileReferenceRules.ReferencedPathsExist(File.ReadAllText(file), RepositoryPaths.Root, Path.GetRelativePath(RepositoryPaths.Root, file));
        }
    }

    [Fact]
    public void HostJsonCarriesNoSamplingItsTelemetryModeIgnores() =>
        HostJsonRules.NoApplicationInsightsSamplingInOpenTelemetryMode(File.ReadAllText(RepositoryPaths.HostJson));
}

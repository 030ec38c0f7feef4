namespace Credentials.Infra.Tests.Support;

/// <summary>infra/main.bicep built and linted once per test run.</summary>
internal static class CompiledInfra
{
    private static readonly Lazy<BicepResult> LazyBuild = new(() => BicepCli.Run(RepositoryPaths.Root, "build", "infra/main.bicep", "--stdout"));

    private static readonly Lazy<BicepResult> LazyLint = new(() => BicepCli.Run(RepositoryPaths.Root, "lint", "infra/main.bicep"));

    private static readonly Lazy<ArmTemplate> LazyTemplate = new(() =>
    {
        Assert.True(Build.ExitCode == 0, Build.Describe("bicep build infra/main.bicep"));
        return ArmTemplate.Parse(Build.StandardOutput);
    });

    public static BicepResult Build => LazyBuild.Value;

    public static BicepResult Lint => LazyLint.Value;

    /// <summary>The compiled ARM JSON of infra/main.bicep.</summary>
    public static ArmTemplate Template => LazyTemplate.Value;
}

namespace Credentials.Infra.Tests.Support;

/// <summary>Files of the repository the tests read, found by walking up from the test output.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string MainParameters => Path.Combine(Infra, "main.parameters.json");

    public static string BicepConfig => Path.Combine(Infra, "bicepconfig.json");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    public static string Readme => Path.Combine(Root, "README.md");

    public static string HostJson => Path.Combine(Root, "host.json");

    public static string PosixHook => Path.Combine(Infra, "hooks", "postprovision.sh");

    public static string WindowsHook => Path.Combine(Infra, "hooks", "postprovision.ps1");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "infra", "main.bicep")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No infra/main.bicep above {AppContext.BaseDirectory}.");
    }
}

using YamlDotNet.RepresentationModel;

namespace Credentials.Infra.Tests.Support;

/// <summary>What azure.yaml must declare besides the service: the postprovision hook, for both kinds of shell.</summary>
internal static class AzureYamlRules
{
    /// <summary>
    /// hooks.postprovision has a posix entry running an existing .sh with sh and a windows entry running an existing .ps1
    /// with pwsh, both the same hook (one name, two shells).
    /// </summary>
    public static void PostprovisionHookRunsInBothShells(string azureYaml, string repositoryRoot)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(azureYaml));
        var root = stream.Documents.Count == 1 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        Assert.True(root is not null, "azure.yaml must be one YAML mapping.");

        var hook = Mapping(Mapping(root, "hooks", "azure.yaml"), "postprovision", "hooks");
        var posix = Script(hook, "posix", "sh", ".sh", repositoryRoot);
        var windows = Script(hook, "windows", "pwsh", ".ps1", repositoryRoot);
        Assert.True(
            Path.ChangeExtension(posix, null) == Path.ChangeExtension(windows, null),
            $"The posix and windows postprovision hooks must be one script in two shells, not {posix} and {windows}.");
    }

    private static string Script(YamlMappingNode hook, string platform, string shell, string extension, string repositoryRoot)
    {
        var entry = Mapping(hook, platform, "hooks.postprovision");
        Assert.True(Scalar(entry, "shell") == shell, $"hooks.postprovision.{platform} must run with shell: {shell}.");
        var run = Scalar(entry, "run") ?? string.Empty;
        Assert.True(run.EndsWith(extension, StringComparison.Ordinal), $"hooks.postprovision.{platform} must run a {extension} file, not '{run}'.");
        var path = Path.GetFullPath(Path.Combine(repositoryRoot, run));
        Assert.True(File.Exists(path), $"hooks.postprovision.{platform} runs '{run}', which does not exist.");
        return path;
    }

    private static YamlMappingNode Mapping(YamlMappingNode parent, string key, string where)
    {
        var found = parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlMappingNode : null;
        Assert.True(found is not null, $"azure.yaml has no '{key}' mapping under {where}.");
        return found;
    }

    private static string? Scalar(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;
}

using System.Text.Json;
using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

/// <summary>The template compiles and lints clean, and the linter is configured to catch what matters.</summary>
public sealed class BicepToolingTests
{
    private static readonly JsonDocumentOptions JsonWithComments = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [BicepFact]
    public void BicepBuildReportsNoErrorsOrWarnings()
    {
        var build = CompiledInfra.Build;
        Assert.True(build.IsClean, build.Describe("bicep build infra/main.bicep --stdout"));
        Assert.StartsWith("{", build.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    [BicepFact]
    public void BicepLintReportsNoErrorsOrWarnings()
    {
        var lint = CompiledInfra.Lint;
        Assert.True(lint.IsClean, lint.Describe("bicep lint infra/main.bicep"));
    }

    [BicepTheory]
    [InlineData("app/rbac.bicep", "param unusedProbe string = ''", "no-unused-params")]
    [InlineData("app/storage.bicep", "output probeKey string = storage.listKeys().keys[0].value", "outputs-should-not-contain-secrets")]
    [InlineData("main.bicep", "output PROBE_URL string = 'https://management.azure.com/'", "no-hardcoded-env-urls")]
    public void LintFailsOnAModuleThatBreaksARule(string file, string line, string rule)
    {
        var copy = Directory.CreateTempSubdirectory("credentials-infra-lint-");
        try
        {
            CopyDirectory(RepositoryPaths.Infra, copy.FullName);
            File.AppendAllText(Path.Combine(copy.FullName, file), Environment.NewLine + line + Environment.NewLine);

            var lint = BicepCli.Run(copy.FullName, "lint", "main.bicep");

            Assert.False(lint.IsClean, $"Lint accepted `{line}` in {file}.");
            Assert.Contains(lint.Diagnostics, diagnostic => diagnostic.Contains($" : Error {rule}:", StringComparison.Ordinal));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public void BicepConfigRaisesTheRulesThatMatterToErrors()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.BicepConfig), JsonWithComments);
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");
        Assert.True(core.GetProperty("enabled").GetBoolean());
        var rules = core.GetProperty("rules");

        string[] mustBeErrors =
        [
            "outputs-should-not-contain-secrets", "secure-parameter-default", "no-hardcoded-env-urls", "no-unused-params",
            "no-unused-vars", "no-unused-existing-resources", "prefer-interpolation", "use-secure-value-for-secure-inputs",
            "protect-commandtoexecute-secrets", "adminusername-should-not-be-literal", "use-resource-id-functions",
            "simplify-interpolation", "secure-secrets-in-params", "no-hardcoded-location", "use-recent-api-versions",
        ];
        foreach (var rule in mustBeErrors)
        {
            Assert.True(rules.TryGetProperty(rule, out var setting), $"bicepconfig.json does not configure {rule}.");
            Assert.Equal("error", setting.GetProperty("level").GetString());
        }

        // Needs the public module registry, which CI cannot reach.
        Assert.Equal("off", rules.GetProperty("use-recent-module-versions").GetProperty("level").GetString());
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }
    }
}

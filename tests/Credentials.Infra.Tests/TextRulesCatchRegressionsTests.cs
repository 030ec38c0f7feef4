using Credentials.Core.Storage;
using Credentials.Infra.Tests.Support;
using Xunit.Sdk;

namespace Credentials.Infra.Tests;

/// <summary>
/// The rules on azure.yaml, the README's deploy section, file pointers and host.json, each run on a copy of the real
/// text broken the way a real regression would break it: each must fail there and pass on the real text.
/// </summary>
public sealed class TextRulesCatchRegressionsTests
{
    private static readonly Dictionary<string, (string File, Func<string, string> Break, Action<string> Rule)> Regressions = new()
    {
        ["no windows hook"] = (
            RepositoryPaths.AzureYaml,
            text => Replace(text, "    windows:\n      shell: pwsh\n", "    unused:\n      shell: pwsh\n"),
            Hook),
        ["the posix hook run by pwsh"] = (
            RepositoryPaths.AzureYaml,
            text => Replace(text, "shell: sh\n", "shell: pwsh\n"),
            Hook),
        ["a hook script that does not exist"] = (
            RepositoryPaths.AzureYaml,
            text => Replace(text, "postprovision.sh", "post-provision.sh"),
            Hook),
        ["no hooks at all"] = (
            RepositoryPaths.AzureYaml,
            text => Replace(text, "\nhooks:\n", "\nunused:\n"),
            Hook),
        ["rotation steps using another path's $RG and $APP"] = (
            RepositoryPaths.Readme,
            text => Replace(text, "### Rotate the admin key\n", "### Rotate the admin key\n\n```bash\naz functionapp restart --resource-group \"$RG\" --name \"$APP\"\n```\n"),
            readme => DeployGuideRules.EachSubsectionSetsTheVariablesItUses(DeployGuideRules.Section(readme))),
        ["a table left out"] = (
            RepositoryPaths.Readme,
            text => Replace(text, "`idempotency`", "the idempotency table"),
            readme => DeployGuideRules.NamesEveryTable(DeployGuideRules.Section(readme), TableNames.All, TableNames.Secrets)),
        ["the local-only table left out"] = (
            RepositoryPaths.Readme,
            text => Replace(text, "`secrets`", "secrets"),
            readme => DeployGuideRules.NamesEveryTable(DeployGuideRules.Section(readme), TableNames.All, TableNames.Secrets)),
        ["a deploy section that stops before the smoke check"] = (
            RepositoryPaths.Readme,
            text => text[..text.IndexOf("### Check that it works", StringComparison.Ordinal)],
            readme => DeployGuideRules.EndsWithTheSmokeCheck(DeployGuideRules.Section(readme))),
        ["a pointer at a missing infra/README"] = (
            Path.Combine(RepositoryPaths.Infra, "main.bicep"),
            text => Replace(text, "(see infra/README.md", "(see infra/NOTES.md"),
            text => FileReferenceRules.ReferencedPathsExist(text, RepositoryPaths.Root, "main.bicep")),
        ["Application Insights sampling in OpenTelemetry mode"] = (
            RepositoryPaths.HostJson,
            text => Replace(text, "\"logLevel\": {", "\"applicationInsights\": { \"samplingSettings\": { \"isEnabled\": true } },\n    \"logLevel\": {"),
            HostJsonRules.NoApplicationInsightsSamplingInOpenTelemetryMode),
    };

    public static TheoryData<string> Names => [.. Regressions.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void RuleFailsOnTextWith(string regression)
    {
        var (file, breakText, rule) = Regressions[regression];
        var text = File.ReadAllText(file).ReplaceLineEndings("\n");

        rule(text);
        var broken = breakText(text);

        Assert.ThrowsAny<XunitException>(() => rule(broken));
    }

    private static void Hook(string azureYaml) => AzureYamlRules.PostprovisionHookRunsInBothShells(azureYaml, RepositoryPaths.Root);

    /// <summary>A replacement that must change the text, so a regression that no longer applies fails loudly.</summary>
    private static string Replace(string text, string from, string to)
    {
        Assert.True(text.Contains(from, StringComparison.Ordinal), $"The text no longer contains '{from}'; update this regression.");
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}

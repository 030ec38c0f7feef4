using System.Text.RegularExpressions;

namespace Credentials.Infra.Tests.Support;

/// <summary>The README's "Deploy to Azure" section, checked against the repository line by line where a machine can.</summary>
internal static partial class DeployGuideRules
{
    private const string Heading = "## Deploy to Azure";

    /// <summary>The section from its heading to the next second-level heading.</summary>
    public static string Section(string readme)
    {
        var start = readme.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"The README has no '{Heading}' section.");
        var end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    /// <summary>Names every table a deployment has, and the Local store's table (which it says exists only in development).</summary>
    public static void NamesEveryTable(string section, IEnumerable<string> deployedTables, string localOnlyTable)
    {
        var missing = deployedTables.Append(localOnlyTable).Where(table => !section.Contains($"`{table}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"The deploy section does not name the table(s) {string.Join(", ", missing)}.");
    }

    /// <summary>
    /// Each subsection's shell snippets use only variables they set themselves: a reader following one subsection (rotating
    /// the key, say) has no variable from another path (such as $RG or $APP of "Without azd").
    /// </summary>
    public static void EachSubsectionSetsTheVariablesItUses(string section)
    {
        foreach (var (title, body) in Subsections(section))
        {
            var code = string.Join('\n', CodeBlock().Matches(body).Select(match => match.Groups[1].Value));
            var assigned = Assignment().Matches(code).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var unset = VariableUse().Matches(code).Select(match => match.Groups[1].Value)
                .Where(name => !assigned.Contains(name)).Distinct(StringComparer.Ordinal).ToList();
            Assert.True(unset.Count == 0, $"'{title}' uses ${string.Join(", $", unset)} without setting it there.");
        }
    }

    /// <summary>The last subsection is the post-deployment check, and it runs scripts/smoke.</summary>
    public static void EndsWithTheSmokeCheck(string section)
    {
        var (title, body) = Subsections(section).LastOrDefault();
        var code = string.Join('\n', CodeBlock().Matches(body ?? string.Empty).Select(match => match.Groups[1].Value));
        Assert.True(code.Contains("scripts/smoke", StringComparison.Ordinal), $"The deploy section must end with the smoke check; its last subsection '{title}' does not run scripts/smoke.");
    }

    private static IEnumerable<(string Title, string Body)> Subsections(string section)
    {
        var parts = section.Split("\n### ");
        return parts.Skip(1).Select(part =>
        {
            var newline = part.IndexOf('\n', StringComparison.Ordinal);
            return newline < 0 ? (part.Trim(), string.Empty) : (part[..newline].Trim(), part[newline..]);
        });
    }

    [GeneratedRegex(@"```(?:bash|sh|shell)?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"(?m)^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableUse();
}

using System.Reflection;

namespace Credentials.EndToEndTests.Security;

/// <summary>The security suite as data: every class marked <see cref="OwaspRiskAttribute"/> and its cases, found by reflection.</summary>
public static class OwaspSuite
{
    /// <summary>One risk's class and its cases (test method name and description), in risk order.</summary>
    public static IReadOnlyList<(OwaspRiskAttribute Risk, Type Class, IReadOnlyList<(string Test, string? Case)> Cases)> Risks()
        => [.. typeof(OwaspSuite).Assembly.GetTypes()
            .Select(type => (Risk: type.GetCustomAttribute<OwaspRiskAttribute>(), Class: type))
            .Where(r => r.Risk is not null)
            .OrderBy(r => r.Risk!.Number)
            .Select(r => (r.Risk!, r.Class, (IReadOnlyList<(string, string?)>)[.. TestsOf(r.Class)]))];

    /// <summary>The summary table in Markdown: one row per case, grouped by risk.</summary>
    public static string Summary()
    {
        var lines = new List<string> { "| risk | case | test |", "| --- | --- | --- |" };
        var total = 0;
        foreach (var (risk, type, cases) in Risks())
        {
            foreach (var (test, description) in cases)
            {
                lines.Add($"| {risk.Id} {risk.Title} | {description ?? "(no description)"} | {type.Name}.{test} |");
                total++;
            }
        }

        lines.Add(string.Empty);
        lines.Add($"{Risks().Count} risks, {total} cases.");
        return string.Join(Environment.NewLine, lines);
    }

    private static IEnumerable<(string Test, string? Case)> TestsOf(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<FactAttribute>(inherit: true) is not null)
            .OrderBy(m => m.MetadataToken)
            .Select(m => (m.Name, m.GetCustomAttribute<SecurityCaseAttribute>()?.Description));
}

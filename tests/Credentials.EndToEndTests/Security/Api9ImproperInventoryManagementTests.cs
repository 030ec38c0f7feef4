using System.Reflection;
using System.Text.RegularExpressions;
using Credentials.Core.Configuration;

namespace Credentials.EndToEndTests.Security;

/// <summary>The inventory is the README (routes) and docs/configuration.md (settings): everything the code has must be written there.</summary>
[OwaspRisk("API9:2023", "Improper Inventory Management")]
public partial class Api9ImproperInventoryManagementTests
{
    [Fact]
    [SecurityCase("Every HTTP route and method (found by reflection) is listed in README.md's API section, so no route runs undocumented")]
    public void EveryRouteIsDocumented()
    {
        var documented = DocumentedRoutes(Section(ReadMe(), "## API"));

        var missing = RouteCatalog.HttpRoutes(p => "{" + p + "}")
            .Select(r => (r.Name, r.Method, Path: Normalize("/" + r.Route)))
            .Where(r => !documented.Any(d => d.Method == r.Method && (d.Path == r.Path || (d.Path.StartsWith(".../", StringComparison.Ordinal) && r.Path.EndsWith(d.Path[3..], StringComparison.Ordinal)))))
            .Select(r => $"{r.Name}: {r.Method} {r.Path}")
            .ToList();

        Assert.True(documented.Count >= 20, $"only {documented.Count} routes read from the README");
        Assert.True(missing.Count == 0, "routes missing from README.md's API section: " + string.Join(", ", missing));
    }

    [Fact]
    [SecurityCase("Every setting of CredentialsOptions (nested sections included) is documented in docs/configuration.md as Credentials__Name, so no switch exists that operators cannot find")]
    public void EverySettingIsDocumented()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "configuration.md"));

        var missing = SettingNames(typeof(CredentialsOptions), "Credentials__")
            .Where(name => !page.Contains($"`{name}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, "settings missing from docs/configuration.md: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> SettingNames(Type options, string prefix)
    {
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsClass && type != typeof(string) && type != typeof(Uri) && type.Namespace == typeof(CredentialsOptions).Namespace)
            {
                foreach (var nested in SettingNames(type, $"{prefix}{property.Name}__"))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return prefix + property.Name;
            }
        }
    }

    private static string ReadMe() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("README.md not found above the test output");
    }

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{heading}' section");
        var end = markdown.IndexOf("\n## ", start + heading.Length + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    // `GET/POST /a/{b}/c?x=` and `DELETE .../c/{d}` in backticks: each method with its path, placeholders as {}.
    private static List<(string Method, string Path)> DocumentedRoutes(string section)
        => [.. RouteMention().Matches(section).SelectMany(m => m.Groups["methods"].Value.Split('/').Select(method => (method, Normalize(m.Groups["path"].Value))))];

    private static string Normalize(string path) => Placeholder().Replace(path.Split('?')[0], "{}");

    [GeneratedRegex(@"`(?<methods>(?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (?<path>(?:/|\.\.\./)[^`\s]*)`")]
    private static partial Regex RouteMention();

    [GeneratedRegex(@"\{\*?[A-Za-z]+\}")]
    private static partial Regex Placeholder();
}

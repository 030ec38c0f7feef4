using System.Text.RegularExpressions;
using Credentials.DevServer.Storage;

namespace Credentials.EndToEndTests.Walkthrough;

/// <summary>
/// The requests of the README's walk-through (its curl commands) and of docs/requests.http, as "METHOD /path" with variables as
/// <c>{}</c>, so the end-to-end walk-through can prove it sends the same requests in the same order.
/// </summary>
public static partial class WalkthroughScript
{
    /// <summary>The marker lines around the walk-through in the README.</summary>
    public const string Start = "<!-- walkthrough -->";

    /// <summary>The end marker.</summary>
    public const string End = "<!-- /walkthrough -->";

    /// <summary>The README's walk-through requests.</summary>
    public static IReadOnlyList<string> FromReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md"));
        var start = readme.IndexOf(Start, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {Start} ... {End} section");
        var commands = readme[start..end].Replace("\\\n", " ", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("curl ", StringComparison.Ordinal));
        return [.. commands.Select(command =>
        {
            var method = Method().Match(command) is { Success: true } m ? m.Groups[1].Value : "GET";
            var url = Url().Match(command);
            Assert.True(url.Success, $"no URL in: {command}");
            return $"{method} {NormalizedPath(url.Value.Replace("$BASE", "/api", StringComparison.Ordinal).Replace("http://127.0.0.1:7071", string.Empty, StringComparison.Ordinal))}";
        })];
    }

    /// <summary>The requests of docs/requests.http.</summary>
    public static IReadOnlyList<string> FromRequestsFile()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "docs", "requests.http"));
        return [.. lines.Select(l => RequestLine().Match(l)).Where(m => m.Success).Select(m =>
            $"{m.Groups[1].Value} {NormalizedPath(m.Groups[2].Value.Replace("{{base}}", "/api", StringComparison.Ordinal).Replace("{{host}}", string.Empty, StringComparison.Ordinal))}")];
    }

    // Without the query, with every shell or .http variable as {}.
    private static string NormalizedPath(string url) => Variable().Replace(url.Split('?')[0].Trim('"'), "{}");

    [GeneratedRegex(@"-X\s+([A-Z]+)")]
    private static partial Regex Method();

    [GeneratedRegex("\"?(?:\\$BASE|http://127\\.0\\.0\\.1:7071)[^\\s\"]*\"?")]
    private static partial Regex Url();

    [GeneratedRegex(@"\$[A-Z_]+|\{\{[A-Za-z_.$]+\}\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) (\S+)")]
    private static partial Regex RequestLine();
}

using System.Text.RegularExpressions;

namespace Credentials.Infra.Tests.Support;

/// <summary>Paths into the repository (infra/..., scripts/..., src/..., docs/..., tests/...) that a text mentions must exist.</summary>
internal static partial class FileReferenceRules
{
    public static void ReferencedPathsExist(string text, string repositoryRoot, string where)
    {
        var missing = RepositoryPath().Matches(text).Select(match => match.Groups[1].Value.TrimEnd('.'))
            .Where(path => !File.Exists(Path.Combine(repositoryRoot, path)) && !Directory.Exists(Path.Combine(repositoryRoot, path)))
            .Distinct(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"{where} points at {string.Join(", ", missing)}, which does not exist.");
    }

    // A relative path from the repository root, optionally written ./path; not the tail of a URL or of a longer path.
    [GeneratedRegex(@"(?<![\w./-])(?:\./)?((?:infra|scripts|src|docs|tests)/[\w./-]*\w)")]
    private static partial Regex RepositoryPath();
}

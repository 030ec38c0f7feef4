using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Credentials.Core.Connectors;

/// <summary>
/// Matches values against a connector file's patterns. A value that may reach a URL, a header or a key is refused when it holds a
/// control character, whatever the pattern says, and the pattern is anchored at the very end (<c>\z</c>): .NET's <c>$</c> also
/// matches before a final line feed, so <c>^[a-z]+$</c> alone would accept <c>"acme\n"</c>.
/// </summary>
public static class ConnectorPatterns
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="value"/> has no control character and matches <paramref name="pattern"/> (when there is one) up to its last character.</summary>
    public static bool Accepts(string? pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (HasControlCharacter(value))
        {
            return false;
        }

        return pattern is null || Cache.GetOrAdd(pattern, Compile).IsMatch(value);
    }

    /// <summary>True when <paramref name="value"/> contains a C0 control character, DEL or a C1 control character.</summary>
    public static bool HasControlCharacter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Any(char.IsControl);
    }

    /// <summary>
    /// The pattern as an ECMA-262 regular expression for published JSON Schemas: a final <c>\z</c> becomes <c>$</c>, which in
    /// ECMA-262 (without the multiline flag) matches only at the end of the input. Control characters are refused separately.
    /// </summary>
    public static string ToEcmaScript(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return EndsWithEndOfInput(pattern) ? pattern[..^2] + "$" : pattern;
    }

    // \z preceded by an even number of backslashes is the anchor, not an escaped backslash followed by 'z'.
    private static bool EndsWithEndOfInput(string pattern)
    {
        if (!pattern.EndsWith("\\z", StringComparison.Ordinal))
        {
            return false;
        }

        var backslashes = 0;
        for (var i = pattern.Length - 2; i >= 0 && pattern[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    // Wrapped so that even a pattern ending in $ cannot accept a trailing line feed.
    private static Regex Compile(string pattern)
        => new($"(?:{pattern})\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

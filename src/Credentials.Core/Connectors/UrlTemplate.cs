using System.Text.RegularExpressions;

namespace Credentials.Core.Connectors;

/// <summary>
/// Expands connector templates such as <c>https://{subdomain}.zendesk.com</c> or <c>{accountId|netsuiteHost}</c>. Values come only
/// from validated fields (anchored patterns) and metadata, so expansion does not escape them; a missing value is an error.
/// </summary>
public static partial class UrlTemplate
{
    /// <summary>The names a template uses.</summary>
    public static IReadOnlyList<string> Placeholders(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return [.. Placeholder().Matches(template).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The template with each placeholder replaced by its (transformed) value.</summary>
    public static string Expand(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (!values.TryGetValue(name, out var value) || value is null)
            {
                throw new TemplateValueMissingException(name);
            }

            return match.Groups["transform"].Success ? Transform(match.Groups["transform"].Value, value) : value;
        });
    }

    private static string Transform(string transform, string value) => transform switch
    {
        "lower" => value.ToLowerInvariant(),
        // NetSuite account ids such as 123_SB1 become host labels such as 123-sb1.
        "netsuiteHost" => value.ToLowerInvariant().Replace('_', '-'),
        _ => throw new InvalidOperationException($"Unknown template transform '{transform}'."),
    };

    [GeneratedRegex(@"\{(?<name>[A-Za-z][A-Za-z0-9_]*)(\|(?<transform>[A-Za-z]+))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

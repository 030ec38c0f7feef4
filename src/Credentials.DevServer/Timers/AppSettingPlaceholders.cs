using System.Text;
using Microsoft.Extensions.Configuration;

namespace Credentials.DevServer.Timers;

/// <summary>
/// Replaces <c>%Name%</c> in a binding expression with the app setting of exactly that name, as the host's name
/// resolver does (it reads <c>configuration[Name]</c>: no prefix, no section, no renaming).
/// </summary>
internal static class AppSettingPlaceholders
{
    /// <summary>Resolves every <c>%Name%</c> in <paramref name="expression"/>.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing (the message names it) or a '%' is unclosed.</exception>
    public static string Resolve(string expression, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(configuration);
        var resolved = new StringBuilder();
        var position = 0;
        while (position < expression.Length)
        {
            var start = expression.IndexOf('%', position);
            if (start < 0)
            {
                resolved.Append(expression, position, expression.Length - position);
                break;
            }

            var end = expression.IndexOf('%', start + 1);
            if (end < 0)
            {
                throw new InvalidOperationException($"The '%' at position {start} of '{expression}' has no closing '%'.");
            }

            var name = expression[(start + 1)..end];
            var value = configuration[name]
                ?? throw new InvalidOperationException($"'%{name}%' does not resolve to a value: the app setting '{name}' is not set.");
            resolved.Append(expression, position, start - position).Append(value);
            position = end + 1;
        }

        return resolved.ToString();
    }
}

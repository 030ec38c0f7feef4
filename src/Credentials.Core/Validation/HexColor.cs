using System.Text.RegularExpressions;

namespace Credentials.Core.Validation;

/// <summary>The one colour format tenants may set (the connect page's accent): <c>#rrggbb</c>.</summary>
public static partial class HexColor
{
    /// <summary>Null when <paramref name="value"/> is <c>#</c> and six hexadecimal digits, else the reason.</summary>
    public static string? Check(string? value)
        => value is not null && Shape().IsMatch(value) ? null : "A colour as #rrggbb, e.g. #2454d6.";

    [GeneratedRegex(@"\A#[0-9a-fA-F]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

namespace Credentials.Core.Validation;

/// <summary>Rules for free text that is stored and shown (names): bounded length, no control characters.</summary>
public static class TextRules
{
    /// <summary>Null when acceptable, else the reason.</summary>
    public static string? CheckName(string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? "A value is required." : null;
        }

        if (value.Length > maxLength)
        {
            return $"At most {maxLength} characters.";
        }

        return value.Any(char.IsControl) ? "Control characters are not allowed." : null;
    }
}

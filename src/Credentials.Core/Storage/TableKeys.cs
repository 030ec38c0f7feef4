namespace Credentials.Core.Storage;

/// <summary>Rules for values that become PartitionKey or RowKey: Table Storage forbids <c>/ \ # ?</c> and control characters.</summary>
public static class TableKeys
{
    /// <summary>True when <paramref name="value"/> may be used as a key as it is.</summary>
    public static bool IsValid(string? value)
        => !string.IsNullOrEmpty(value) && value.Length <= 512 && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>Throws when a value about to become a key is not valid; a guard behind the validation that callers already did.</summary>
    public static string Require(string value)
        => IsValid(value) ? value : throw new ArgumentException("The value cannot be used as a table key.", nameof(value));
}

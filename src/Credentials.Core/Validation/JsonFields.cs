using System.Text.Json;
using Credentials.Core.Errors;

namespace Credentials.Core.Validation;

/// <summary>Reads the fields of a small JSON object body, collecting type errors per field and refusing unknown fields.</summary>
public sealed class JsonFields
{
    private readonly JsonElement body;
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    /// <summary>Wraps a body that must be an object with only <paramref name="allowed"/> properties.</summary>
    public JsonFields(JsonElement body, params string[] allowed)
    {
        this.body = body;
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ServiceException.Invalid(string.Empty, "The body must be a JSON object.");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                errors[property.Name] = ["Unknown field."];
            }
        }
    }

    /// <summary>A string field, or null when absent or null.</summary>
    public string? Text(string name)
        => Read(name, v => v.ValueKind == JsonValueKind.String, "Must be a string.") is { } value ? value.GetString() : null;

    /// <summary>An array of strings, or null when absent.</summary>
    public IReadOnlyList<string>? StringArray(string name)
        => Read(name, v => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String), "Must be an array of strings.") is { } value
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : null;

    /// <summary>A boolean field, or null when absent or null.</summary>
    public bool? Boolean(string name)
        => Read(name, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False, "Must be true or false.") is { } value ? value.GetBoolean() : null;

    /// <summary>A whole number field, or null when absent or null.</summary>
    public int? WholeNumber(string name)
        => Read(name, v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _), "Must be a whole number.") is { } value ? value.GetInt32() : null;

    /// <summary>An object field kept as JSON (its shape is checked elsewhere), or null when absent or null.</summary>
    public JsonElement? JsonObject(string name)
        => Read(name, v => v.ValueKind == JsonValueKind.Object, "Must be an object.")?.Clone();

    // The field's value when present and of the right kind; null when absent or null, and an error recorded when of another kind.
    private JsonElement? Read(string name, Func<JsonElement, bool> isOfKind, string problem)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!isOfKind(value))
        {
            errors[name] = [problem];
            return null;
        }

        return value;
    }

    /// <summary>A number field, or null when absent or null.</summary>
    public double? Number(string name)
        => Read(name, v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out _), "Must be a number.") is { } value ? value.GetDouble() : null;

    /// <summary>Throws one validation failure naming every bad field seen so far.</summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }
    }
}

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
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = ["Must be a string."];
            return null;
        }

        return value.GetString();
    }

    /// <summary>An array of strings, or null when absent.</summary>
    public IReadOnlyList<string>? StringArray(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            errors[name] = ["Must be an array of strings."];
            return null;
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>A boolean field, or null when absent or null.</summary>
    public bool? Boolean(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors[name] = ["Must be true or false."];
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A whole number field, or null when absent or null.</summary>
    public int? WholeNumber(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            errors[name] = ["Must be a whole number."];
            return null;
        }

        return number;
    }

    /// <summary>An object field kept as JSON (its shape is checked elsewhere), or null when absent or null.</summary>
    public JsonElement? JsonObject(string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors[name] = ["Must be an object."];
            return null;
        }

        return value.Clone();
    }

    /// <summary>Throws one validation failure naming every bad field seen so far.</summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }
    }
}

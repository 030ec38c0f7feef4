using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;

namespace Credentials.TestSupport.Conformance;

/// <summary>
/// Builds the JSON a fake provider answers with so that each metadata item of a connector file finds a value at its pointer: plain
/// pointers get the value there, items with <c>item</c> get an array element (carrying the <c>where</c> values) behind a decoy
/// element that does not match, so a reader that ignores <c>where</c> picks the wrong one.
/// </summary>
public static class ProviderDocument
{
    /// <summary>Puts a value for each of <paramref name="items"/> into <paramref name="root"/> (created when null) and returns the root.</summary>
    public static JsonNode Build(JsonNode? root, IEnumerable<PointerMetadata> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            var value = SampleValues.For(item.Name, item.Pattern, item.Example);
            if (item.Item is null)
            {
                root = Set(root, Segments(item.JsonPointer), JsonValue.Create(value));
                continue;
            }

            var existing = Get(root, Segments(item.JsonPointer)) as JsonArray;
            var where = item.Where ?? new Dictionary<string, JsonElement>();

            // Several items read the same element (DocuSign's default account: base_uri and account_id): fill the one that already matches.
            if (!item.All && existing?.FirstOrDefault(e => Matches(e, where)) is JsonObject shared && Get(shared, Segments(item.Item)) is null)
            {
                var index = existing.IndexOf(shared);
                existing[index] = null;
                existing[index] = Set(shared, Segments(item.Item), JsonValue.Create(value));
                continue;
            }

            var element = Set(null, Segments(item.Item), JsonValue.Create(value));
            foreach (var (pointer, expected) in where)
            {
                element = Set(element, Segments(pointer), JsonNode.Parse(expected.GetRawText()));
            }

            var array = existing ?? [];
            if (where.Count > 0 && !item.All)
            {
                var decoy = Set(null, Segments(item.Item), JsonValue.Create(value + "-decoy"));
                foreach (var (pointer, _) in where)
                {
                    decoy = Set(decoy, Segments(pointer), JsonValue.Create("no-match"));
                }

                array.Insert(0, decoy);
            }

            array.Add(element);
            if (existing is null)
            {
                root = Set(root, Segments(item.JsonPointer), array);
            }
        }

        return root ?? new JsonObject();
    }

    private static bool Matches(JsonNode? element, IReadOnlyDictionary<string, JsonElement> where)
        => where.All(c => Get(element, Segments(c.Key)) is { } actual && JsonNode.DeepEquals(actual, JsonNode.Parse(c.Value.GetRawText())));

    private static string[] Segments(string pointer)
        => pointer.Length == 0 ? [] : [.. pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Get(JsonNode? node, string[] segments)
    {
        foreach (var segment in segments)
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    // Creates objects and arrays along the way (a numeric segment under a missing parent makes an array).
    private static JsonNode Set(JsonNode? node, string[] segments, JsonNode? value)
    {
        if (segments.Length == 0)
        {
            return value ?? JsonValue.Create((string?)null)!;
        }

        var head = segments[0];
        var isIndex = int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var index);
        node ??= isIndex ? new JsonArray() : new JsonObject();
        switch (node)
        {
            case JsonArray array when isIndex:
                while (array.Count <= index)
                {
                    array.Add(new JsonObject());
                }

                var child = array[index];
                array[index] = null;
                array[index] = Set(child?.DeepClone(), segments[1..], value);
                return array;
            case JsonObject obj:
                var current = obj[head];
                obj.Remove(head);
                obj[head] = Set(current?.DeepClone(), segments[1..], value);
                return obj;
            default:
                throw new InvalidOperationException($"A metadata pointer goes through a value that is not an object or array at '{head}'.");
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credentials.Core.Json;

/// <summary>The one JSON options instance for API bodies, stored documents and connector files.</summary>
public static class CredentialsJson
{
    /// <summary>camelCase, string enums, nulls written (the API shows <c>refreshError: null</c>), comments and trailing commas refused.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,

            // Bodies are served as application/json, never inlined into HTML: URLs stay readable (no \u0026 for '&').
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

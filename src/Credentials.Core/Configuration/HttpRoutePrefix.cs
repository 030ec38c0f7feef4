using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Credentials.Core.Configuration;

/// <summary>
/// The route prefix the host puts before every HTTP function route: <c>extensions.http.routePrefix</c> in host.json,
/// <c>api</c> when absent, and an empty string for none. Like the host, an app setting
/// <c>AzureFunctionsJobHost__extensions__http__routePrefix</c> overrides host.json.
/// </summary>
public static class HttpRoutePrefix
{
    /// <summary>The prefix the host uses when host.json does not set one.</summary>
    public const string Default = "api";

    /// <summary>The configuration key of the app-setting override.</summary>
    public const string OverrideKey = "AzureFunctionsJobHost:extensions:http:routePrefix";

    private static readonly JsonDocumentOptions HostJsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The host.json copied next to the Functions assembly (and so next to DevServer's).</summary>
    public static string HostJsonPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    /// <summary>Reads the prefix from the app-setting override, else from the host.json at <paramref name="hostJsonPath"/>.</summary>
    public static string Read(string hostJsonPath, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[OverrideKey] is { } overridden)
        {
            return overridden.Trim('/');
        }

        if (!File.Exists(hostJsonPath))
        {
            return Default;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), HostJsonOptions);
        // The host loads host.json into configuration, where names are case-insensitive.
        return Property(document.RootElement, "extensions") is { } extensions
            && Property(extensions, "http") is { } http
            && Property(http, "routePrefix") is { ValueKind: JsonValueKind.String } prefix
            ? prefix.GetString()!.Trim('/')
            : Default;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}

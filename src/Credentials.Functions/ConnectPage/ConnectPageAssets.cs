using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Credentials.Core.Configuration;

namespace Credentials.Functions.ConnectPage;

/// <summary>
/// The connect page's files, embedded in this assembly (no build step, no CDN): the HTML template, the stylesheet, the script,
/// the icon, and the strings per language (<c>Strings/en.json</c> holds every English string; another language is one more
/// file, and a string it lacks falls back to English).
/// </summary>
public sealed class ConnectPageAssets
{
    /// <summary>The language every string exists in.</summary>
    public const string DefaultLanguage = "en";

    private const string AssetPrefix = "ConnectPage.Assets.";
    private const string StringsPrefix = "ConnectPage.Strings.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    // The page's configuration is inlined as a JSON data block (never executed): <, > and & are escaped so it cannot end its element.
    private static readonly JsonSerializerOptions DataBlockJson = new() { Encoder = JavaScriptEncoder.Default };

    private readonly Dictionary<string, ConnectPageAsset> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> strings = new(StringComparer.OrdinalIgnoreCase);
    private readonly string template;
    private readonly ApiRoutes routes;

    /// <summary>Reads every embedded file once.</summary>
    public ConnectPageAssets(ApiRoutes routes)
    {
        this.routes = routes ?? throw new ArgumentNullException(nameof(routes));
        var assembly = typeof(ConnectPageAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(StringsPrefix, StringComparison.Ordinal))
            {
                var language = Path.GetFileNameWithoutExtension(name[StringsPrefix.Length..]);
                strings[language] = JsonSerializer.Deserialize<Dictionary<string, string>>(Read(assembly, name)) ?? [];
            }
            else if (name.StartsWith(AssetPrefix, StringComparison.Ordinal) && ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
            {
                files[name[AssetPrefix.Length..]] = new ConnectPageAsset(Read(assembly, name), type);
            }
        }

        template = Encoding.UTF8.GetString(Read(assembly, AssetPrefix + "connect.html"));
        if (!strings.ContainsKey(DefaultLanguage))
        {
            throw new InvalidOperationException("The connect page's English strings are missing from the assembly.");
        }
    }

    /// <summary>The languages the page has strings for.</summary>
    public IReadOnlyCollection<string> Languages => strings.Keys;

    /// <summary>A static file by its name (<c>connect.css</c>, <c>connect.js</c>, <c>icon.svg</c>), or null.</summary>
    public ConnectPageAsset? Find(string? name) => name is not null && files.TryGetValue(name, out var asset) ? asset : null;

    /// <summary>The language used for <paramref name="locale"/>: itself, else its primary subtag, else English.</summary>
    public string LanguageFor(string? locale)
    {
        if (locale is null)
        {
            return DefaultLanguage;
        }

        if (strings.ContainsKey(locale))
        {
            return strings.Keys.First(k => string.Equals(k, locale, StringComparison.OrdinalIgnoreCase));
        }

        var primary = locale.Split('-')[0];
        return strings.ContainsKey(primary) ? strings.Keys.First(k => string.Equals(k, primary, StringComparison.OrdinalIgnoreCase)) : DefaultLanguage;
    }

    /// <summary>Every string in <paramref name="language"/>, English where it has none.</summary>
    public IReadOnlyDictionary<string, string> StringsFor(string language)
    {
        var merged = new Dictionary<string, string>(strings[DefaultLanguage], StringComparer.Ordinal);
        if (strings.TryGetValue(language, out var own))
        {
            foreach (var (key, value) in own)
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    /// <summary>The page's HTML in the language for <paramref name="locale"/>: static text HTML-encoded, the script's strings and URLs as a JSON data block.</summary>
    public byte[] RenderPage(string? locale)
    {
        var language = LanguageFor(locale);
        var text = StringsFor(language);
        var config = new Dictionary<string, object>
        {
            ["language"] = language,
            ["sessionUrl"] = routes.ConnectPageSession,
            ["credentialsUrl"] = routes.ConnectPageCredentials,
            ["strings"] = text,
        };
        var html = template
            .Replace("{{lang}}", WebUtility.HtmlEncode(language), StringComparison.Ordinal)
            .Replace("{{assets}}", WebUtility.HtmlEncode(routes.ConnectAssets), StringComparison.Ordinal)
            .Replace("{{pageTitle}}", WebUtility.HtmlEncode(text["pageTitle"]), StringComparison.Ordinal)
            .Replace("{{loading}}", WebUtility.HtmlEncode(text["loading"]), StringComparison.Ordinal)
            .Replace("{{noscript}}", WebUtility.HtmlEncode(text["noscript"]), StringComparison.Ordinal)
            .Replace("{{config}}", JsonSerializer.Serialize(config, DataBlockJson), StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(html);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

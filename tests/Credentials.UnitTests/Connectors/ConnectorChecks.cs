using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Credentials.UnitTests.Connectors;

/// <summary>
/// Loads the connector catalog copied to the test output and checks documents against
/// connector.schema.json (JsonSchema.Net) and against the rules the schema cannot express.
/// Every problem is reported as "JSON pointer: message".
/// </summary>
internal static partial class ConnectorChecks
{
    public static readonly string ConnectorsDirectory = Path.Combine(AppContext.BaseDirectory, "Connectors");
    public static readonly string CatalogDirectory = Path.Combine(ConnectorsDirectory, "Catalog");
    public static readonly string SchemaPath = Path.Combine(ConnectorsDirectory, "connector.schema.json");

    public static readonly IReadOnlySet<string> KnownTransforms = new HashSet<string>(StringComparer.Ordinal) { "lower", "netsuiteHost" };

    private static readonly string[] AuthTypes = ["oauth2", "apiKey", "basic", "custom"];

    // Names a provider-specific revocation request may use besides fields and metadata.
    private static readonly string[] RevocationNames = ["accessToken", "refreshToken", "clientId"];

    // Values a field that ends up in a URL must never accept: they would move the request to another host or path.
    private static readonly string[] InjectionProbes =
        ["evil.example/", "a.evil.example", "a@evil.example", "a#b", "a?b", "a:443", "a\\b", "a b", "a%2Fb", "", "acme\n", "acme\r\n"];

    // Values a whole-URL placeholder must never accept: another scheme, a foreign host, credentials or a host suffix trick.
    private static readonly string[] WholeUrlProbes =
    [
        "http://acme.my.salesforce.com", "https://evil.example", "https://acme.salesforce.com.evil.example",
        "https://user@evil.example", "https://evil.example/.salesforce.com", "https://evil.example#.salesforce.com", "",
        "https://acme.my.salesforce.com\n",
    ];

    private static readonly Lazy<JsonSchema> LazySchema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    public static JsonSchema Schema => LazySchema.Value;

    public static IEnumerable<string> CatalogFiles() =>
        Directory.EnumerateFiles(CatalogDirectory, "*.json").OrderBy(f => f, StringComparer.Ordinal);

    public static JsonNode LoadCatalogFile(string fileName) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CatalogDirectory, fileName)))
        ?? throw new InvalidOperationException($"{fileName} is empty");

    /// <summary>Schema errors as "pointer: message", empty when the document is valid.</summary>
    public static IReadOnlyList<string> SchemaErrors(JsonNode document) => SchemaErrors(Schema, document);

    public static IReadOnlyList<string> SchemaErrors(JsonSchema schema, JsonNode document)
    {
        using var json = JsonDocument.Parse(document.ToJsonString());
        var results = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid)
        {
            return [];
        }

        // Walk only failing nodes: a passing oneOf/anyOf keeps its failed branches out of the report.
        var errors = new List<string>();
        Collect(results);

        void Collect(EvaluationResults node)
        {
            if (node.IsValid)
            {
                return;
            }

            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{Pointer(node.InstanceLocation.ToString())}: {message} ({keyword} at {node.EvaluationPath})");
            }

            foreach (var child in node.Details ?? [])
            {
                Collect(child);
            }
        }

        return errors.Count > 0 ? errors : [": document does not match the schema"];
    }

    /// <summary>Rules the schema cannot express. Assumes the document already matches the schema.</summary>
    public static IReadOnlyList<string> SemanticErrors(JsonNode document, string fileName)
    {
        var errors = new List<string>();
        var root = document.AsObject();

        var id = root["id"]?.GetValue<string>();
        var expectedId = Path.GetFileNameWithoutExtension(fileName);
        if (!string.Equals(id, expectedId, StringComparison.Ordinal))
        {
            errors.Add($"/id: '{id}' does not match the file name '{expectedId}'");
        }

        var authTypes = (root["authenticationTypes"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToList();
        var apiAuth = root["api"]?["auth"]?.AsObject();
        var apiAuthTypes = apiAuth?.Select(p => p.Key).ToList() ?? [];
        foreach (var type in authTypes.Where(t => !apiAuthTypes.Contains(t)))
        {
            errors.Add($"/api/auth: no entry for authentication type '{type}'");
        }

        foreach (var type in apiAuthTypes.Where(t => !authTypes.Contains(t)))
        {
            errors.Add($"/api/auth/{type}: '{type}' is not in authenticationTypes");
        }

        var hasOAuth = authTypes.Contains("oauth2");
        var oauth = root["oauth2"]?.AsObject();
        if (hasOAuth && oauth is null)
        {
            errors.Add("/oauth2: required because authenticationTypes contains 'oauth2'");
        }

        if (!hasOAuth && oauth is not null)
        {
            errors.Add("/oauth2: present but authenticationTypes does not contain 'oauth2'");
        }

        // Fields per authentication type.
        var fieldsByType = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        var fieldsNode = root["fields"]?.AsObject();
        foreach (var type in AuthTypes)
        {
            fieldsByType[type] = (fieldsNode?[type]?.AsArray() ?? []).Select(n => n!.AsObject()).ToList();
        }

        foreach (var (type, _) in fieldsNode ?? [])
        {
            if (!authTypes.Contains(type))
            {
                errors.Add($"/fields/{type}: '{type}' is not in authenticationTypes");
            }
        }

        foreach (var type in authTypes.Where(t => t != "oauth2" && fieldsByType[t].Count == 0))
        {
            errors.Add($"/fields/{type}: authentication type '{type}' needs at least one field");
        }

        foreach (var (type, fields) in fieldsByType)
        {
            CheckFields(type, fields, errors);
        }

        // Metadata declared by the OAuth block, in the order it becomes available.
        var callbackMetadata = Items(oauth?["callbackMetadata"]).ToList();
        var claimMetadata = Items(oauth?["accessTokenClaims"]).ToList();
        var tokenMetadata = Items(oauth?["tokenResponseMetadata"]).Concat(claimMetadata).ToList();
        var postConnect = Items(oauth?["postConnect"]).ToList();
        var postConnectMetadata = postConnect.SelectMany(p => Items(p["metadata"])).ToList();
        var allMetadata = callbackMetadata.Concat(tokenMetadata).Concat(postConnectMetadata).ToList();

        var oauthFieldNames = Names(fieldsByType["oauth2"]);
        var metadataNames = new List<string>();
        foreach (var meta in allMetadata)
        {
            var name = meta["name"]!.GetValue<string>();
            if (metadataNames.Contains(name) || oauthFieldNames.Contains(name))
            {
                errors.Add($"/oauth2: metadata name '{name}' is declared twice or collides with a field");
            }

            metadataNames.Add(name);
            CheckExample($"/oauth2 metadata '{name}'", meta, errors);
        }

        // Everything a template may name, with sample values for expansion.
        var samples = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["accessToken"] = "sample-access-token",
            ["refreshToken"] = "sample-refresh-token",
            ["clientId"] = "sample-client-id",
        };
        var patterns = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in fieldsByType.Values.SelectMany(f => f))
        {
            var name = field["name"]!.GetValue<string>();
            patterns[name] = field["pattern"]?.GetValue<string>();
            if (field["example"] is { } example)
            {
                samples[name] = example.ToJsonString().Trim('"');
            }
        }

        foreach (var meta in allMetadata)
        {
            var name = meta["name"]!.GetValue<string>();
            patterns[name] = meta["pattern"]?.GetValue<string>();
            if (meta["example"] is { } example)
            {
                samples[name] = example.GetValue<string>();
            }
        }

        var context = new TemplateContext(errors, samples, patterns);

        if (oauth is not null)
        {
            var oauthFields = oauthFieldNames;
            var afterCallback = oauthFields.Concat(Names(callbackMetadata)).ToList();

            context.CheckUrl("/oauth2/authorizationUrl", oauth["authorizationUrl"], oauthFields);
            context.CheckUrl("/oauth2/tokenUrl", oauth["tokenUrl"], afterCallback);
            context.CheckUrl("/oauth2/issuer", oauth["issuer"], oauthFields);
            context.CheckMap("/oauth2/tokenRequestHeaders", oauth["tokenRequestHeaders"], afterCallback);
            context.CheckMap("/oauth2/authorizeParams", oauth["authorizeParams"], oauthFields);
            // The code exchange expands the token request from the flow's fields only.
            context.CheckMap("/oauth2/tokenRequestParams", oauth["tokenRequestParams"], oauthFields);

            var available = afterCallback.Concat(Names(tokenMetadata)).Append("accessToken").ToList();
            for (var i = 0; i < postConnect.Count; i++)
            {
                context.CheckUrl($"/oauth2/postConnect/{i}/url", postConnect[i]["url"], available);
                context.CheckMap($"/oauth2/postConnect/{i}/headers", postConnect[i]["headers"], available);
                available.AddRange(Names(Items(postConnect[i]["metadata"])));
            }

            if (oauth["revocation"] is JsonObject revocation)
            {
                var names = oauthFields.Concat(metadataNames).Concat(RevocationNames).ToList();
                context.CheckUrl("/oauth2/revocation/url", revocation["url"], names);
                context.CheckMap("/oauth2/revocation/headers", revocation["headers"], names);
                context.CheckMap("/oauth2/revocation/form", revocation["form"], names);
                context.CheckMap("/oauth2/revocation/json", revocation["json"], names);
            }
        }

        // The API block is shared by all authentication types: its templates must resolve for each of them.
        var api = root["api"]!.AsObject();
        var allowedHosts = (api["allowedHosts"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToList();
        foreach (var type in authTypes)
        {
            var names = Names(fieldsByType[type]);
            if (type == "oauth2")
            {
                names.AddRange(metadataNames);
            }

            var baseUrl = context.CheckUrl("/api/baseUrl", api["baseUrl"], names);
            if (baseUrl is not null && !allowedHosts.Any(h => HostMatches(h, baseUrl.Host)))
            {
                errors.Add($"/api/allowedHosts: no entry covers the baseUrl host '{baseUrl.Host}'");
            }

            context.CheckMap("/api/headers", api["headers"], names);

            if (apiAuth?[type] is JsonObject auth)
            {
                var authNames = type == "oauth2" ? names.Append("accessToken").ToList() : names;
                foreach (var (property, value) in auth)
                {
                    if (property != "type" && property != "signatureMethod")
                    {
                        context.CheckTemplate($"/api/auth/{type}/{property}", value!.GetValue<string>(), authNames);
                    }
                }

                if (type != "oauth2" && auth["type"]?.GetValue<string>() == "bearer" && auth["token"] is null)
                {
                    errors.Add($"/api/auth/{type}: bearer for a non-OAuth type needs a 'token' template");
                }
            }
        }

        foreach (var (i, doc) in (root["docs"]?.AsArray() ?? []).Select((d, i) => (i, d!.GetValue<string>())))
        {
            if (!Uri.TryCreate(doc, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"/docs/{i}: '{doc}' is not an https URL");
            }
        }

        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    public static bool HostMatches(string allowed, string host) =>
        allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && host.Length > allowed.Length - 1
            : string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase);

    private static void CheckFields(string type, List<JsonObject> fields, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var name = field["name"]!.GetValue<string>();
            if (!seen.Add(name))
            {
                errors.Add($"/fields/{type}/{i}/name: duplicate field name '{name}'");
            }

            if (field["secret"]?.GetValue<bool>() == true && field["pattern"] is null && field["maxLength"] is null)
            {
                errors.Add($"/fields/{type}/{i}: secret field '{name}' needs a maxLength or a pattern");
            }

            CheckExample($"/fields/{type}/{i}", field, errors);

            if (field["enum"] is JsonArray values && field["example"] is { } example &&
                !values.Any(v => JsonNode.DeepEquals(v, example)))
            {
                errors.Add($"/fields/{type}/{i}/example: not one of the enum values");
            }
        }
    }

    private static void CheckExample(string pointer, JsonObject item, List<string> errors)
    {
        var pattern = item["pattern"]?.GetValue<string>();
        if (pattern is null)
        {
            return;
        }

        if (!TryRegex(pattern, out var regex))
        {
            errors.Add($"{pointer}/pattern: not a valid regular expression");
            return;
        }

        if (item["example"] is { } example && !regex.IsMatch(example.ToJsonString().Trim('"')))
        {
            errors.Add($"{pointer}/example: does not match the pattern");
        }
    }

    private static bool TryRegex(string pattern, out Regex regex)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            regex = new Regex("$^", RegexOptions.None, TimeSpan.FromSeconds(1));
            return false;
        }
    }

    private static IEnumerable<JsonObject> Items(JsonNode? array) =>
        (array as JsonArray ?? []).Select(n => n!.AsObject());

    private static List<string> Names(IEnumerable<JsonObject> items) =>
        items.Select(i => i["name"]!.GetValue<string>()).ToList();

    private static string Pointer(string location) => location.Length == 0 ? "(root)" : location;

    [GeneratedRegex(@"\{([^{}|]*)(?:\|([^{}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private static string Transform(string value, string? transform) => transform switch
    {
        null => value,
        "lower" => value.ToLowerInvariant(),
        "netsuiteHost" => value.ToLowerInvariant().Replace('_', '-'),
        _ => value,
    };

    private sealed class TemplateContext(List<string> errors, Dictionary<string, string> samples, Dictionary<string, string?> patterns)
    {
        /// <summary>Checks placeholders and returns the template expanded with sample values, or null if it cannot be expanded.</summary>
        public string? CheckTemplate(string pointer, string template, IReadOnlyCollection<string> allowed)
        {
            var expandable = true;
            var expanded = Placeholder().Replace(template, match =>
            {
                var name = match.Groups[1].Value;
                var transform = match.Groups[2].Success ? match.Groups[2].Value : null;
                if (!allowed.Contains(name))
                {
                    errors.Add($"{pointer}: placeholder '{{{name}}}' names no field, metadata or token value available here");
                    expandable = false;
                }

                if (transform is not null && !KnownTransforms.Contains(transform))
                {
                    errors.Add($"{pointer}: unknown transform '{transform}'");
                    expandable = false;
                }

                if (!samples.TryGetValue(name, out var sample))
                {
                    expandable = false;
                    return match.Value;
                }

                return Transform(sample, transform);
            });

            return expandable ? expanded : null;
        }

        public Uri? CheckUrl(string pointer, JsonNode? node, IReadOnlyCollection<string> allowed)
        {
            if (node is null)
            {
                return null;
            }

            var template = node.GetValue<string>();
            foreach (Match match in Placeholder().Matches(template))
            {
                var name = match.Groups[1].Value;
                if (!allowed.Contains(name) || RevocationNames.Contains(name))
                {
                    continue; // unknown names are reported by CheckTemplate; token values and the client id are not user input
                }

                if (!patterns.TryGetValue(name, out var pattern) || pattern is null)
                {
                    errors.Add($"{pointer}: '{name}' is used in a URL but has no pattern");
                    continue;
                }

                if (!samples.ContainsKey(name))
                {
                    errors.Add($"{pointer}: '{name}' is used in a URL but has no example");
                }

                // Whole-URL values (Salesforce instance_url) carry their own scheme and host; other values
                // sit inside a host or path and must not accept characters that change where the request goes.
                var wholeUrl = template.StartsWith("{" + name, StringComparison.Ordinal);
                if (TryRegex(pattern, out var regex))
                {
                    foreach (var probe in (wholeUrl ? WholeUrlProbes : InjectionProbes).Where(p => regex.IsMatch(p)))
                    {
                        errors.Add($"{pointer}: the pattern of '{name}' accepts '{probe}'");
                    }
                }
            }

            var expanded = CheckTemplate(pointer, template, allowed);
            if (expanded is null)
            {
                return null;
            }

            if (!Uri.TryCreate(expanded, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps ||
                !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
            {
                errors.Add($"{pointer}: '{expanded}' is not an https URL");
                return null;
            }

            return uri;
        }

        public void CheckMap(string pointer, JsonNode? node, IReadOnlyCollection<string> allowed)
        {
            foreach (var (key, value) in node as JsonObject ?? [])
            {
                CheckTemplate(string.Create(CultureInfo.InvariantCulture, $"{pointer}/{key}"), value!.GetValue<string>(), allowed);
            }
        }
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Credentials.Core.Connectors;
using Credentials.Core.Network;
using Json.Pointer;

namespace Credentials.Core.OAuth;

/// <summary>
/// Collects the non-secret provider facts a connector keeps: from the callback query, the access token's claims, the token response
/// and post-connect requests. Every value obeys its pattern and holds no control character, since it may reach a URL or a header.
/// </summary>
public class ProviderMetadataReader(IHttpClientFactory httpClientFactory)
{
    /// <summary>The named HTTP client for post-connect requests.</summary>
    public const string HttpClientName = "oauth-post-connect";

    /// <summary>The longest metadata value kept (a list counts as one value).</summary>
    public const int MaxValueLength = 4096;

    /// <summary>Values from the callback query; a problem is added for each required one that is absent or malformed.</summary>
    public static Dictionary<string, string> FromCallback(OAuth2Settings settings, Func<string, string?> query, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(problems);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in settings.CallbackMetadata)
        {
            Accept(values, problems, item.Name, query(item.Param), item.Required, item.Pattern);
        }

        return values;
    }

    /// <summary>
    /// Values read from the claims of <paramref name="accessToken"/> when it is a JWT (its payload is read, not verified: the token
    /// came straight from the provider's token endpoint over TLS). A token that is not a JWT has no claims.
    /// </summary>
    public static Dictionary<string, string> FromAccessToken(OAuth2Settings settings, string accessToken, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(accessToken);
        ArgumentNullException.ThrowIfNull(problems);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.AccessTokenClaims.Count == 0)
        {
            return values;
        }

        var payload = JwtPayload(accessToken);
        foreach (var item in settings.AccessTokenClaims)
        {
            var value = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(item.Claim, out var claim) ? Scalar(claim) : null;
            Accept(values, problems, item.Name, value, item.Required, item.Pattern);
        }

        return values;
    }

    /// <summary>Values read by JSON Pointer from a JSON document (a token response or a post-connect response).</summary>
    public static Dictionary<string, string> FromJson(IEnumerable<PointerMetadata> items, JsonElement document, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(problems);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var found = document.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? JsonPointer.Parse(item.JsonPointer).Evaluate(document) : null;
            if (item.Item is null)
            {
                Accept(values, problems, item.Name, found is { } value ? Scalar(value) : null, item.Required, item.Pattern);
                continue;
            }

            var selected = Select(item, found);
            if (!item.All)
            {
                Accept(values, problems, item.Name, selected.FirstOrDefault(), item.Required, item.Pattern);
                continue;
            }

            // A list: every item obeys the pattern and none may contain the separator, so the stored text splits back exactly.
            var list = selected.Where(v => v is not null).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
            if (list.Count > PointerMetadata.MaxListItems
                || list.Any(v => v.Contains(PointerMetadata.ListSeparator, StringComparison.Ordinal) || !ConnectorPatterns.Accepts(item.Pattern, v)))
            {
                problems.Add($"{item.Name} has an unexpected format");
                continue;
            }

            Accept(values, problems, item.Name, list.Count == 0 ? null : string.Join(PointerMetadata.ListSeparator, list), item.Required, pattern: null);
        }

        return values;
    }

    /// <summary>
    /// Runs the connector's post-connect requests with the new access token and collects their metadata. Templates of their URLs and
    /// headers may use the metadata known so far and <c>{accessToken}</c> (Mailchimp's <c>Authorization: OAuth {accessToken}</c>).
    /// </summary>
    public virtual async Task<Dictionary<string, string>> PostConnectAsync(ConnectorDefinition connector, IReadOnlyDictionary<string, string> known, string accessToken, List<string> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(problems);
        var settings = connector.OAuth2 ?? throw new InvalidOperationException($"Connector '{connector.Id}' has no oauth2 block.");
        var values = new Dictionary<string, string>(known, StringComparer.Ordinal);
        using var http = httpClientFactory.CreateClient(HttpClientName);
        foreach (var step in settings.PostConnect)
        {
            var templateValues = new Dictionary<string, string>(values, StringComparer.Ordinal) { ["accessToken"] = accessToken };
            using var request = new HttpRequestMessage(new HttpMethod(step.Method), UrlTemplate.Expand(step.Url, templateValues));
            if (step.Auth == "bearer")
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            }

            foreach (var (name, value) in step.Headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, UrlTemplate.Expand(value, templateValues));
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            ProviderUserAgentHandler.UseConnectorValue(request, connector.Api?.UserAgent);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"post-connect request answered {(int)response.StatusCode}");
                continue;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var (name, value) in FromJson(step.Metadata, document.RootElement, problems))
            {
                values[name] = value;
            }
        }

        return values;
    }

    // The elements of the array at the pointer that match every 'where' condition, each read at the 'item' pointer.
    private static List<string?> Select(PointerMetadata item, JsonElement? array)
    {
        if (array is not { ValueKind: JsonValueKind.Array } elements)
        {
            return [];
        }

        var itemPointer = JsonPointer.Parse(item.Item!);
        var conditions = (item.Where ?? new Dictionary<string, JsonElement>()).Select(c => (Pointer: JsonPointer.Parse(c.Key), Expected: c.Value)).ToList();
        return [.. elements.EnumerateArray()
            .Where(element => conditions.All(c => c.Pointer.Evaluate(element) is { } actual && JsonElement.DeepEquals(actual, c.Expected)))
            .Select(element => itemPointer.Evaluate(element) is { } value ? Scalar(value) : null)];
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static JsonElement JwtPayload(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return default;
        }
    }

    private static void Accept(Dictionary<string, string> values, List<string> problems, string name, string? value, bool required, string? pattern)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                problems.Add($"{name} is missing");
            }

            return;
        }

        // Provider-supplied values may end up in URL templates (Salesforce instance_url) and headers: they obey the connector's
        // pattern, anchored at the very end, and hold no control character.
        if (value.Length > MaxValueLength || !ConnectorPatterns.Accepts(pattern, value))
        {
            problems.Add($"{name} has an unexpected format");
            return;
        }

        values[name] = value;
    }
}

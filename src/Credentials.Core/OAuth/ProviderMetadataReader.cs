using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credentials.Core.Connectors;
using Json.Pointer;

namespace Credentials.Core.OAuth;

/// <summary>Collects the non-secret provider facts a connector keeps: from the callback query, the token response and post-connect requests.</summary>
public class ProviderMetadataReader(IHttpClientFactory httpClientFactory)
{
    /// <summary>The named HTTP client for post-connect requests.</summary>
    public const string HttpClientName = "oauth-post-connect";

    /// <summary>Values from the callback query; null entry name in <c>missing</c> when a required one is absent or malformed.</summary>
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

    /// <summary>Values read by JSON Pointer from a JSON document (a token response or a post-connect response).</summary>
    public static Dictionary<string, string> FromJson(IEnumerable<PointerMetadata> items, JsonElement document, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(problems);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            string? value = null;
            if (document.ValueKind is JsonValueKind.Object or JsonValueKind.Array && JsonPointer.Parse(item.JsonPointer).Evaluate(document) is { } found)
            {
                value = found.ValueKind switch
                {
                    JsonValueKind.String => found.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => found.GetRawText(),
                    _ => null,
                };
            }

            Accept(values, problems, item.Name, value, item.Required, item.Pattern);
        }

        return values;
    }

    /// <summary>Runs the connector's post-connect requests with the new access token and collects their metadata.</summary>
    public virtual async Task<Dictionary<string, string>> PostConnectAsync(OAuth2Settings settings, IReadOnlyDictionary<string, string> known, string accessToken, List<string> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        var values = new Dictionary<string, string>(known, StringComparer.Ordinal);
        using var http = httpClientFactory.CreateClient(HttpClientName);
        foreach (var step in settings.PostConnect)
        {
            using var request = new HttpRequestMessage(new HttpMethod(step.Method), UrlTemplate.Expand(step.Url, values));
            if (step.Auth == "bearer")
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            }

            foreach (var (name, value) in step.Headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, UrlTemplate.Expand(value, values));
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
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

        // Provider-supplied values may end up in URL templates (Salesforce instance_url): they obey the connector's pattern.
        if (value.Length > 2048 || (pattern is not null && !Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
        {
            problems.Add($"{name} has an unexpected format");
            return;
        }

        values[name] = value;
    }
}

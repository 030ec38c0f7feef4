using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Web;

namespace Credentials.TestSupport.Conformance;

/// <summary>A request the fake provider received, read once: method, URL, headers, body and its fields.</summary>
public sealed class ProviderRequest
{
    private ProviderRequest(HttpRequestMessage message, string body)
    {
        Method = message.Method;
        Uri = message.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
        Headers = message.Headers;
        ContentType = message.Content?.Headers.ContentType?.MediaType;
        Body = body;
    }

    /// <summary>The method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The absolute URL.</summary>
    public Uri Uri { get; }

    /// <summary>The request headers.</summary>
    public HttpRequestHeaders Headers { get; }

    /// <summary>The body's media type, or null without a body.</summary>
    public string? ContentType { get; }

    /// <summary>The body as text (empty without one).</summary>
    public string Body { get; }

    /// <summary>Reads <paramref name="message"/>.</summary>
    public static async Task<ProviderRequest> ReadAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.Content is null ? string.Empty : await message.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new ProviderRequest(message, body);
    }

    /// <summary>The body's fields: form fields for a form body, top-level string members for a JSON object; null for anything else.</summary>
    public IReadOnlyDictionary<string, string>? BodyFields()
    {
        if (ContentType == "application/x-www-form-urlencoded")
        {
            var form = HttpUtility.ParseQueryString(Body);
            return form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k] ?? string.Empty, StringComparer.Ordinal);
        }

        if (ContentType == "application/json")
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.ValueKind != JsonValueKind.Object
                    ? null
                    : document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The query parameters.</summary>
    public IReadOnlyDictionary<string, string> Query()
    {
        var query = HttpUtility.ParseQueryString(Uri.Query);
        return query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k] ?? string.Empty, StringComparer.Ordinal);
    }

    /// <summary>All values of a header joined by a comma, or null.</summary>
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>True when one of the header's values (comma-separated ones counted apart) is <paramref name="expected"/>.</summary>
    public bool HasHeaderValue(string name, string expected)
        => Headers.TryGetValues(name, out var values)
            && values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).Append(string.Join(",", values)).Contains(expected, StringComparer.Ordinal);

    /// <summary>The user and password of a Basic Authorization header, each form-decoded when <paramref name="formEncoded"/> (RFC 6749 2.3.1); null without one.</summary>
    public (string User, string Password)? Basic(bool formEncoded)
    {
        if (Headers.Authorization is not { Scheme: "Basic", Parameter: { } parameter })
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var (user, password) = (text[..colon], text[(colon + 1)..]);
        return formEncoded ? (Uri.UnescapeDataString(user), Uri.UnescapeDataString(password)) : (user, password);
    }
}

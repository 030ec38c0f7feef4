using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;
using Credentials.Core.Network;

namespace Credentials.Core.Proxy;

/// <summary>
/// Puts a credential on an outgoing request the way the connector's <c>api.auth</c> entry for its authentication type says
/// (<c>bearer</c>, <c>header</c>, <c>query</c>, <c>basic</c>, <c>oauth1</c>), after the connector's <c>api.headers</c>.
/// </summary>
public sealed class ApiAuthApplier(OAuth1Signer oauth1Signer)
{
    private static readonly UriCreationOptions ExactPathAndQuery = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>
    /// Removes any caller <c>Authorization</c>, sets the connector's headers (replacing the caller's value of the same name) and applies
    /// the credential. <paramref name="values"/> holds the credential's fields (secret and not), its metadata and, for oauth2, the access
    /// token under <see cref="TemplateValues.AccessToken"/>. A form body is read (and buffered) only for oauth1, whose signature covers it.
    /// </summary>
    public async Task ApplyAsync(
        HttpRequestMessage request,
        ConnectorDefinition connector,
        string authenticationType,
        IReadOnlyDictionary<string, string> values,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(authenticationType);
        ArgumentNullException.ThrowIfNull(values);
        if (request.RequestUri is null)
        {
            throw new ArgumentException("The request has no URI.", nameof(request));
        }

        var api = connector.Api ?? throw new InvalidOperationException($"Connector '{connector.Id}' has no api block.");
        if (!api.Auth.TryGetValue(authenticationType, out var auth))
        {
            throw new InvalidOperationException($"Connector '{connector.Id}' does not say how to apply '{authenticationType}' credentials.");
        }

        request.Headers.Authorization = null;
        foreach (var (name, template) in api.Headers)
        {
            SetHeader(request, name, UrlTemplate.Expand(template, values));
        }

        // A caller's own User-Agent (already copied) wins; otherwise the connector's, and the handler adds the product's last.
        ProviderUserAgentHandler.UseConnectorValue(request, api.UserAgent);
        var type = Text(auth, "type");
        switch (type)
        {
            case "bearer":
                var token = auth["token"] is null && authenticationType == AuthenticationTypes.OAuth2
                    ? values.TryGetValue(TemplateValues.AccessToken, out var accessToken) ? accessToken : throw new TemplateValueMissingException(TemplateValues.AccessToken)
                    : Expand(auth, "token", values);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HeaderSafe(token));
                break;
            case "header":
                SetHeader(request, Text(auth, "name"), Expand(auth, "value", values));
                break;
            case "query":
                request.RequestUri = WithQueryParameter(request.RequestUri, Text(auth, "name"), Expand(auth, "value", values));
                break;
            case "basic":
                var pair = $"{Expand(auth, "username", values)}:{Expand(auth, "password", values)}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
                break;
            case "oauth1":
                var credentials = new OAuth1Credentials(
                    Expand(auth, "realm", values), Expand(auth, "consumerKey", values), Expand(auth, "consumerSecret", values),
                    Expand(auth, "token", values), Expand(auth, "tokenSecret", values));
                var form = await ReadFormAsync(request.Content, cancellationToken);
                request.Headers.Authorization = oauth1Signer.CreateAuthorization(request.Method, request.RequestUri, credentials, form);
                break;
            default:
                throw new InvalidOperationException($"Connector '{connector.Id}' uses unknown auth type '{type}'.");
        }
    }

    // Connector headers replace the caller's; Content-* names belong on the content.
    private static void SetHeader(HttpRequestMessage request, string name, string value)
    {
        value = HeaderSafe(value);
        request.Headers.Remove(name);
        if (request.Headers.TryAddWithoutValidation(name, value))
        {
            return;
        }

        if (request.Content is null)
        {
            throw new InvalidOperationException($"Header '{name}' needs a request body.");
        }

        request.Content.Headers.Remove(name);
        request.Content.Headers.TryAddWithoutValidation(name, value);
    }

    // Values come from stored fields and provider metadata; a line break would start a new header.
    private static string HeaderSafe(string value)
        => value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 ? throw new InvalidOperationException("A credential value contains a line break.") : value;

    private static Uri WithQueryParameter(Uri uri, string name, string value)
    {
        // A caller-supplied parameter of the same name is dropped so the upstream cannot read the caller's instead of the credential.
        var text = uri.OriginalString;
        var queryStart = text.IndexOf('?', StringComparison.Ordinal);
        var head = queryStart < 0 ? text : text[..queryStart];
        var kept = queryStart < 0
            ? []
            : text[(queryStart + 1)..].Split('&').Where(p => p.Length > 0 && !string.Equals(ParameterName(p), name, StringComparison.Ordinal)).ToList();
        kept.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        return new Uri($"{head}?{string.Join('&', kept)}", in ExactPathAndQuery);
    }

    private static string ParameterName(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
    }

    // RFC 5849 3.4.1.3.1: a single-part form body declared as application/x-www-form-urlencoded is signed too.
    private static async Task<IReadOnlyList<KeyValuePair<string, string>>> ReadFormAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content?.Headers.ContentType?.MediaType is not { } mediaType
            || !string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        await content.LoadIntoBufferAsync(cancellationToken);
        var body = await content.ReadAsStringAsync(cancellationToken);
        return OAuth1SignatureBase.ParseForm(body);
    }

    private static string Expand(JsonObject auth, string property, IReadOnlyDictionary<string, string> values)
        => UrlTemplate.Expand(Text(auth, property), values);

    private static string Text(JsonObject auth, string property)
        => auth[property]?.GetValue<string>() ?? throw new InvalidOperationException($"The auth entry has no '{property}'.");
}

using System.Net;
using System.Text;
using Credentials.Core.Connectors;

namespace Credentials.DevServer.Sandbox;

/// <summary>The sandbox provider's HTML: its index with the switches, the consent page, the landing page and the error page.</summary>
internal static class SandboxPages
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        + "code{background:#f3f3f3;padding:0 .2rem}button{font-size:1rem;padding:.4rem 1.2rem;margin-right:.5rem}";

    /// <summary>The consent page: who asks, for which scopes, as which user; Allow and Deny post the request back.</summary>
    public static string Consent(IReadOnlyDictionary<string, string> request, IReadOnlyList<string> scopes)
    {
        var body = new StringBuilder()
            .Append("<h1>Sandbox provider</h1>")
            .Append("<p>The app <code>").Append(Encode(request.GetValueOrDefault("client_id"))).Append("</code> asks to act for you with the scopes: ")
            .Append(string.Join(", ", scopes.Select(s => $"<code>{Encode(s)}</code>"))).Append(".</p>")
            .Append("<form method=\"post\">");
        foreach (var (name, value) in request)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
        }

        body.Append("<p><label>Sign in as <input id=\"username\" name=\"username\" value=\"sandbox-user\" maxlength=\"64\"></label></p>")
            .Append("<p><button id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>")
            .Append("<button id=\"deny\" name=\"decision\" value=\"deny\">Deny</button></p></form>");
        return Page("Sandbox provider: consent", body.ToString());
    }

    /// <summary>Where the sandbox's walk-through sends the end user back: the query the tenant's app would receive.</summary>
    public static string Connected(IQueryCollection query)
    {
        var rows = string.Concat(query.Select(q => $"<tr><th>{Encode(q.Key)}</th><td><code id=\"{Encode(q.Key)}\">{Encode(q.Value.ToString())}</code></td></tr>"));
        var outcome = query.ContainsKey("credentialId") ? "Connected." : "The connection did not complete.";
        return Page("Sandbox: back at the app", $"<h1>{outcome}</h1><p>Your app's redirect URI received:</p><table>{rows}</table>");
    }

    /// <summary>The index: what the provider offers and the failure switches.</summary>
    public static string Index(SandboxSwitches switches, Uri providerBase)
    {
        string Url(string path) => Encode(new Uri(providerBase, path).AbsoluteUri);
        var body = new StringBuilder()
            .Append("<h1>Sandbox provider</h1>")
            .Append("<p>A local OAuth 2.0 provider for the <code>").Append(SandboxConnectors.OAuthConnectorId).Append("</code> and <code>")
            .Append(SandboxConnectors.ApiKeyConnectorId).Append("</code> connectors. OAuth client: <code>").Append(SandboxConnectors.ClientId)
            .Append("</code> / <code>").Append(SandboxConnectors.ClientSecret).Append("</code>. API keys starting <code>").Append(SandboxConnectors.ValidKeyPrefix)
            .Append("</code> are valid.</p><ul>")
            .Append("<li>authorize: <code>").Append(Url(SandboxConnectors.Paths.Authorize)).Append("</code></li>")
            .Append("<li>token: <code>").Append(Url(SandboxConnectors.Paths.Token)).Append("</code> (access tokens live ").Append(switches.TokenLifetimeSeconds).Append(" s; refresh tokens rotate)</li>")
            .Append("<li>revocation: <code>").Append(Url(SandboxConnectors.Paths.Revoke)).Append("</code></li>")
            .Append("<li>API: <code>").Append(Url(SandboxConnectors.Paths.Api + "/me")).Append("</code></li></ul>")
            .Append("<p>Live grants: ").Append(switches.LiveGrants).Append(", revoked: ").Append(switches.RevokedGrants)
            .Append(". Fail switch: ").Append(switches.FailStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off").Append(".</p>")
            .Append(Switch(Url(SandboxConnectors.Paths.Control + "/fail?status=503"), "Fail with 503"))
            .Append(Switch(Url(SandboxConnectors.Paths.Control + "/revoke-all"), "Revoke every grant"))
            .Append(Switch(Url(SandboxConnectors.Paths.Control + "/reset"), "Reset the fail switch"));
        return Page("Sandbox provider", body.ToString());
    }

    /// <summary>A request the provider refuses without redirecting (unknown client or redirect URI: RFC 6749 section 4.1.2.1).</summary>
    public static string Error(string message) => Page("Sandbox provider: error", $"<h1>Request refused</h1><p>{Encode(message)}</p>");

    private static string Switch(string encodedUrl, string label)
        => $"<form method=\"post\" action=\"{encodedUrl}\" style=\"display:inline\"><button>{Encode(label)}</button></form>";

    private static string Page(string title, string body)
        => $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{Encode(title)}</title><style>{Style}</style></head><body>{body}</body></html>";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}

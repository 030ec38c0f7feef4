using System.Text;
using System.Text.Encodings.Web;

namespace Credentials.TestOAuthServer;

/// <summary>The minimal server-rendered login, consent and landing pages.</summary>
internal static class HtmlPages
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Login(string returnUrl, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>Sign in to the test authorization server</h1>");
        if (error is not null)
        {
            body.Append("<p id=\"error\" role=\"alert\">").Append(Encoder.Encode(error)).Append("</p>");
        }

        body.Append("<form method=\"post\" action=\"/account/login\">")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encoder.Encode(returnUrl)).Append("\" />")
            .Append("<label>Username <input id=\"username\" name=\"username\" autocomplete=\"username\" /></label>")
            .Append("<label>Password <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" /></label>")
            .Append("<button id=\"login\" type=\"submit\">Sign in</button>")
            .Append("</form>");
        return Document("Sign in", body.ToString());
    }

    public static string Consent(string subject, string clientId, string scope, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var body = new StringBuilder();
        body.Append("<h1>Authorize ").Append(Encoder.Encode(clientId)).Append("</h1>")
            .Append("<p>Signed in as <span id=\"subject\">").Append(Encoder.Encode(subject)).Append("</span>.</p>")
            .Append("<p>Requested scopes: <span id=\"scope\">").Append(Encoder.Encode(scope)).Append("</span></p>")
            .Append("<form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (name, value) in parameters)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Encoder.Encode(name))
                .Append("\" value=\"").Append(Encoder.Encode(value)).Append("\" />");
        }

        body.Append("<button id=\"allow\" type=\"submit\" name=\"consent\" value=\"allow\">Allow</button>")
            .Append("<button id=\"deny\" type=\"submit\" name=\"consent\" value=\"deny\">Deny</button>")
            .Append("</form>");
        return Document("Consent", body.ToString());
    }

    public static string Landed(string query) =>
        Document("Landed", "<h1>Client landing page</h1><p id=\"query\">" + Encoder.Encode(query) + "</p>");

    private static string Document(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\" /><title>" + Encoder.Encode(title) +
        "</title></head><body>" + body + "</body></html>";
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>
/// The provider of the consistency tests, answering every request of the service: a token endpoint that rotates refresh
/// tokens and refuses a used one (zero reuse leeway), an RFC 7009 revocation endpoint, and a verification endpoint. It keeps
/// the set of live refresh tokens, so a test can ask whether a grant the service obtained is still alive.
/// </summary>
public sealed class FakeOAuthProvider : HttpMessageHandler
{
    public const string Host = "provider.example.test";

    private readonly ConcurrentDictionary<string, bool> live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> imported = new(StringComparer.Ordinal);
    private int revocations;
    private int issued;
    private int reused;


    /// <summary>Refresh tokens the provider would still accept.</summary>
    public IReadOnlyCollection<string> LiveRefreshTokens => [.. live.Where(p => p.Value).Select(p => p.Key)];

    /// <summary>Refresh requests that presented a token already used or revoked.</summary>
    public int ReusedRefreshTokens => Volatile.Read(ref reused);

    /// <summary>Revocation requests received.</summary>
    public int Revocations => Volatile.Read(ref revocations);

    /// <summary>Token endpoint calls.</summary>
    public int TokenCalls { get; private set; }

    /// <summary>Forgets every grant: fresh state for the next crash point.</summary>
    public void Reset()
    {
        live.Clear();
        imported.Clear();
        during = null;
        revocations = 0;
    }

    /// <summary>Issues a grant outside the service (what a tenant imports).</summary>
    public (string AccessToken, string RefreshToken) IssueGrant()
    {
        var n = Interlocked.Increment(ref issued);
        live[$"rt-{n}"] = true;
        return ($"at-{n}", $"rt-{n}");
    }

    /// <summary>A grant whose access token the API refuses (401), as after an early expiry: only a refreshed token works.</summary>
    public (string AccessToken, string RefreshToken) IssueStaleGrant()
    {
        var grant = IssueGrant();
        imported[grant.AccessToken] = true;
        return grant;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var form = request.Content is null ? [] : ParseForm(await request.Content.ReadAsStringAsync(cancellationToken));
        switch (path)
        {
            case "/token":
                TokenCalls++;
                if (Interlocked.Exchange(ref during, null) is { } wait)
                {
                    await wait();
                }

                return Token(form);
            case "/data":
                return request.Headers.Authorization?.Parameter is { } bearer && imported.ContainsKey(bearer)
                    ? Json(HttpStatusCode.Unauthorized, """{"error":"expired"}""")
                    : Json(HttpStatusCode.OK, """{"ok":true}""");
            case "/revoke":
                Interlocked.Increment(ref revocations);
                if (form.TryGetValue("token", out var token))
                {
                    live.TryUpdate(token, false, true);
                }

                return Json(HttpStatusCode.OK, "{}");
            default:
                return Json(HttpStatusCode.OK, "{}");
        }
    }

    private Func<Task>? during;

    /// <summary>Runs <paramref name="barrier"/> inside the next token call, before it answers (race tests stage the other side there).</summary>
    public void DuringNextTokenCall(Func<Task> barrier) => during = barrier;

    private HttpResponseMessage Token(Dictionary<string, string> form)
    {
        if (form.GetValueOrDefault("grant_type") == "refresh_token")
        {
            var presented = form.GetValueOrDefault("refresh_token") ?? string.Empty;
            if (!live.TryUpdate(presented, false, true))
            {
                Interlocked.Increment(ref reused);
                return Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");
            }
        }

        var (accessToken, refreshToken) = IssueGrant();
        return Json(HttpStatusCode.OK, $$"""{"access_token":"{{accessToken}}","refresh_token":"{{refreshToken}}","expires_in":3600,"token_type":"Bearer","scope":"read"}""");
    }

    private static Dictionary<string, string> ParseForm(string body)
        => body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);

    private static HttpResponseMessage Json(HttpStatusCode status, string body)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

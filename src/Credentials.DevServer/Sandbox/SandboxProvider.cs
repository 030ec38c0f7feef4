using System.Security.Cryptography;
using System.Text;

namespace Credentials.DevServer.Sandbox;

/// <summary>
/// The sandbox provider's rules and in-memory state: consent, authorization codes (60 s, single use, PKCE S256), access tokens of
/// a configurable lifetime, rotating refresh tokens with reuse detection, revocation, and the failure switches. It forgets
/// everything when DevServer stops, as a provider that revoked every grant would: the credentials then turn invalid at their
/// next refresh and can be reauthorized.
/// </summary>
internal sealed class SandboxProvider(TimeProvider clock, TimeSpan tokenLifetime)
{
    /// <summary>How long an authorization code can be exchanged.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private readonly Dictionary<string, SandboxAuthorizationCode> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxAccessToken> accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxGrant> grantsByRefreshToken = new(StringComparer.Ordinal);
    private readonly List<SandboxGrant> grants = [];
    private int? failStatus;

    /// <summary>The lifetime of new access tokens.</summary>
    public TimeSpan TokenLifetime => tokenLifetime;

    /// <summary>Issues a code for a consent given on the page.</summary>
    public string IssueCode(string redirectUri, string codeChallenge, string username, IReadOnlyList<string> scopes)
    {
        var code = NewToken("sbx_code_");
        lock (gate)
        {
            codes[code] = new SandboxAuthorizationCode(redirectUri, codeChallenge, username, scopes, clock.GetUtcNow() + CodeLifetime);
        }

        return code;
    }

    /// <summary>The token endpoint, after the client authenticated.</summary>
    public SandboxTokenResult Exchange(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        lock (gate)
        {
            if (failStatus is { } status)
            {
                return SandboxTokenResult.Error(status, "temporarily_unavailable", "The sandbox's fail switch is on (POST /sandbox/control/reset turns it off).");
            }

            return Value(form, "grant_type") switch
            {
                "authorization_code" => ExchangeCode(form),
                "refresh_token" => Refresh(Value(form, "refresh_token")),
                _ => SandboxTokenResult.Error(400, "unsupported_grant_type", "authorization_code and refresh_token only."),
            };
        }
    }

    /// <summary>RFC 7009: revokes the grant of a refresh or access token; unknown tokens are ignored.</summary>
    public void Revoke(string? token)
    {
        lock (gate)
        {
            if (token is null)
            {
                return;
            }

            var grant = grantsByRefreshToken.GetValueOrDefault(token) ?? accessTokens.GetValueOrDefault(token)?.Grant;
            if (grant is not null)
            {
                RevokeLocked(grant);
            }
        }
    }

    /// <summary>The API's view of a bearer token: the grant of a live access token, or null (401).</summary>
    public SandboxGrant? Authenticate(string? accessToken)
    {
        lock (gate)
        {
            return accessToken is not null && accessTokens.TryGetValue(accessToken, out var issued)
                && issued.ExpiresAt > clock.GetUtcNow() && issued.Grant.RevokedAt is null
                ? issued.Grant
                : null;
        }
    }

    /// <summary>The status the API and token endpoint answer while the fail switch is on.</summary>
    public int? FailStatus
    {
        get
        {
            lock (gate)
            {
                return failStatus;
            }
        }
    }

    /// <summary>Turns the fail switch on (<paramref name="status"/>) or off (null).</summary>
    public void SetFailStatus(int? status)
    {
        lock (gate)
        {
            failStatus = status;
        }
    }

    /// <summary>Revokes every grant, as a provider does when the end user removes the app; returns how many were live.</summary>
    public int RevokeAll()
    {
        lock (gate)
        {
            var live = grants.Where(g => g.RevokedAt is null).ToList();
            live.ForEach(RevokeLocked);
            return live.Count;
        }
    }

    /// <summary>The switches and counts.</summary>
    public SandboxSwitches Describe()
    {
        lock (gate)
        {
            var revoked = grants.Count(g => g.RevokedAt is not null);
            return new SandboxSwitches(failStatus, grants.Count - revoked, revoked, (long)tokenLifetime.TotalSeconds);
        }
    }

    /// <summary>True when <paramref name="verifier"/> hashes (S256) to <paramref name="challenge"/>.</summary>
    public static bool MatchesChallenge(string? verifier, string challenge)
        => verifier is not null
            && string.Equals(System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), challenge, StringComparison.Ordinal);

    private SandboxTokenResult ExchangeCode(IReadOnlyDictionary<string, string> form)
    {
        var code = Value(form, "code");
        if (code is null || !codes.TryGetValue(code, out var issued) || issued.ExpiresAt <= clock.GetUtcNow())
        {
            return SandboxTokenResult.Error(400, "invalid_grant", "Unknown or expired authorization code.");
        }

        if (issued.IssuedGrant is { } earlier)
        {
            // A code used twice may have been stolen: what it issued is revoked too.
            RevokeLocked(earlier);
            return SandboxTokenResult.Error(400, "invalid_grant", "The authorization code was already used; its grant is revoked.");
        }

        if (!string.Equals(Value(form, "redirect_uri"), issued.RedirectUri, StringComparison.Ordinal))
        {
            return SandboxTokenResult.Error(400, "invalid_grant", "redirect_uri differs from the authorization request's.");
        }

        if (!MatchesChallenge(Value(form, "code_verifier"), issued.CodeChallenge))
        {
            return SandboxTokenResult.Error(400, "invalid_grant", "The PKCE code_verifier does not match the code_challenge.");
        }

        var grant = new SandboxGrant { AccountId = "acct_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Username = issued.Username, Scopes = issued.Scopes };
        issued.IssuedGrant = grant;
        grants.Add(grant);
        return Issue(grant);
    }

    private SandboxTokenResult Refresh(string? refreshToken)
    {
        if (refreshToken is null)
        {
            return SandboxTokenResult.Error(400, "invalid_request", "refresh_token is required.");
        }

        if (grants.FirstOrDefault(g => g.UsedRefreshTokens.Contains(refreshToken)) is { } replayed)
        {
            // Rotation with zero leeway: an old refresh token coming back means two holders; neither keeps the grant.
            RevokeLocked(replayed);
            return SandboxTokenResult.Error(400, "invalid_grant", "The refresh token was already used; the grant is revoked.");
        }

        if (!grantsByRefreshToken.TryGetValue(refreshToken, out var grant) || grant.RevokedAt is not null)
        {
            return SandboxTokenResult.Error(400, "invalid_grant", "The refresh token is unknown or its grant was revoked.");
        }

        grantsByRefreshToken.Remove(refreshToken);
        grant.UsedRefreshTokens.Add(refreshToken);
        grant.Refreshes++;
        return Issue(grant);
    }

    private SandboxTokenResult Issue(SandboxGrant grant)
    {
        var accessToken = NewToken("sbx_at_");
        accessTokens[accessToken] = new SandboxAccessToken(grant, clock.GetUtcNow() + tokenLifetime);
        grant.RefreshToken = NewToken("sbx_rt_");
        grantsByRefreshToken[grant.RefreshToken] = grant;
        return new SandboxTokenResult(200, new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)tokenLifetime.TotalSeconds,
            ["refresh_token"] = grant.RefreshToken,
            ["scope"] = string.Join(' ', grant.Scopes),
            ["account_id"] = grant.AccountId,
        });
    }

    private void RevokeLocked(SandboxGrant grant)
    {
        grant.RevokedAt ??= clock.GetUtcNow();
        grantsByRefreshToken.Remove(grant.RefreshToken);
    }

    private static string? Value(IReadOnlyDictionary<string, string> form, string name) => form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static string NewToken(string prefix) => prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
}

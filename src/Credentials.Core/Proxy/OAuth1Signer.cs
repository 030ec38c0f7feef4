using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Credentials.Core.Proxy;

/// <summary>
/// Signs requests with OAuth 1.0a HMAC-SHA256 (RFC 5849) as NetSuite token-based authentication wants: an <c>Authorization: OAuth</c>
/// header whose <c>realm</c> is the account id (for example <c>123456_SB1</c>) and is not part of the signature.
/// </summary>
public sealed class OAuth1Signer
{
    /// <summary>The only signature method NetSuite still accepts (HMAC-SHA1 ended in 2023.1).</summary>
    public const string SignatureMethod = "HMAC-SHA256";

    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly TimeProvider timeProvider;
    private readonly Func<string> nonce;

    /// <summary>Creates the signer; <paramref name="nonceGenerator"/> replaces the random 32-character nonce in tests.</summary>
    public OAuth1Signer(TimeProvider timeProvider, Func<string>? nonceGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
        nonce = nonceGenerator ?? (() => RandomNumberGenerator.GetString(NonceAlphabet, 32));
    }

    /// <summary>The <c>Authorization</c> header for a request to <paramref name="uri"/> (whose query is signed as sent), plus any form-body parameters.</summary>
    public AuthenticationHeaderValue CreateAuthorization(
        HttpMethod method, Uri uri, OAuth1Credentials credentials, IEnumerable<KeyValuePair<string, string>>? formParameters = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(credentials);

        var protocol = new List<KeyValuePair<string, string>>
        {
            new("oauth_consumer_key", credentials.ConsumerKey),
            new("oauth_token", credentials.Token),
            new("oauth_signature_method", SignatureMethod),
            new("oauth_timestamp", timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("oauth_nonce", nonce()),
            new("oauth_version", "1.0"),
        };

        var baseString = OAuth1SignatureBase.Build(method.Method, uri, protocol.Concat(formParameters ?? []));
        var signature = Sign(baseString, credentials.ConsumerSecret, credentials.TokenSecret);

        var header = new StringBuilder();
        header.Append("realm=\"").Append(OAuth1SignatureBase.Encode(credentials.Realm)).Append('"');
        foreach (var (name, value) in protocol.Append(new("oauth_signature", signature)))
        {
            header.Append(", ").Append(name).Append("=\"").Append(OAuth1SignatureBase.Encode(value)).Append('"');
        }

        return new AuthenticationHeaderValue("OAuth", header.ToString());
    }

    /// <summary>Section 3.4.2 with SHA-256: Base64 of HMAC over the base string, keyed <c>encode(consumerSecret)&amp;encode(tokenSecret)</c>.</summary>
    public static string Sign(string baseString, string consumerSecret, string tokenSecret)
    {
        ArgumentNullException.ThrowIfNull(baseString);
        ArgumentNullException.ThrowIfNull(consumerSecret);
        ArgumentNullException.ThrowIfNull(tokenSecret);
        var key = Encoding.ASCII.GetBytes($"{OAuth1SignatureBase.Encode(consumerSecret)}&{OAuth1SignatureBase.Encode(tokenSecret)}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(baseString)));
    }
}

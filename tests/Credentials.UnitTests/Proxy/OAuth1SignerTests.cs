using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Proxy;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.Proxy;

public class OAuth1SignerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void SignatureMatchesAHandBuiltBaseStringSignedIndependently()
    {
        var signer = new OAuth1Signer(new FakeTimeProvider(Now), () => "nonce123");
        var uri = new Uri("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?q=companyName%20START_WITH%20%22A%22&limit=10");

        var header = signer.CreateAuthorization(HttpMethod.Get, uri, new OAuth1Credentials("1234567_SB1", "ck", "cs&1", "tk", "ts 2"));

        // Written out by hand: parameters sorted, each encoded once in the parameter string and once more in the base string.
        const string baseString =
            "GET&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Fcustomer&limit%3D10"
            + "%26oauth_consumer_key%3Dck%26oauth_nonce%3Dnonce123%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000"
            + "%26oauth_token%3Dtk%26oauth_version%3D1.0%26q%3DcompanyName%2520START_WITH%2520%2522A%2522";
        using var hmac = new HMACSHA256(Encoding.ASCII.GetBytes("cs%261&ts%202"));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(baseString)));

        // Also fixed from a separate Python implementation (urllib.parse.quote + hmac), so both sides cannot share a mistake.
        Assert.Equal("Dl4T+S3kzZ2EcfX6EwrAoaSb0KBW7k042cKBlfJCkyw=", expected);
        Assert.Equal("OAuth", header.Scheme);
        Assert.Equal(
            "realm=\"1234567_SB1\", oauth_consumer_key=\"ck\", oauth_token=\"tk\", oauth_signature_method=\"HMAC-SHA256\", "
            + "oauth_timestamp=\"1700000000\", oauth_nonce=\"nonce123\", oauth_version=\"1.0\", "
            + "oauth_signature=\"Dl4T%2BS3kzZ2EcfX6EwrAoaSb0KBW7k042cKBlfJCkyw%3D\"",
            header.Parameter);
    }

    [Fact]
    public void RealmIsNotSigned()
    {
        var uri = new Uri("https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1");
        var signer = new OAuth1Signer(new FakeTimeProvider(Now), () => "n0nce");

        var a = signer.CreateAuthorization(HttpMethod.Get, uri, new OAuth1Credentials("1234567", "ck", "cs", "tk", "ts")).Parameter!;
        var b = signer.CreateAuthorization(HttpMethod.Get, uri, new OAuth1Credentials("7654321", "ck", "cs", "tk", "ts")).Parameter!;

        Assert.Equal(a[a.IndexOf("oauth_signature=", StringComparison.Ordinal)..], b[b.IndexOf("oauth_signature=", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void TimestampAndNonceComeFromTheInjectedSources()
    {
        var time = new FakeTimeProvider(Now);
        var count = 0;
        var signer = new OAuth1Signer(time, () => $"nonce{++count}");
        var credentials = new OAuth1Credentials("1", "ck", "cs", "tk", "ts");
        var uri = new Uri("https://1.suitetalk.api.netsuite.com/x");

        var first = signer.CreateAuthorization(HttpMethod.Get, uri, credentials).Parameter!;
        time.Advance(TimeSpan.FromSeconds(5));
        var second = signer.CreateAuthorization(HttpMethod.Get, uri, credentials).Parameter!;

        Assert.Contains("oauth_timestamp=\"1700000000\", oauth_nonce=\"nonce1\"", first, StringComparison.Ordinal);
        Assert.Contains("oauth_timestamp=\"1700000005\", oauth_nonce=\"nonce2\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultNoncesAreLongRandomAndAlphanumeric()
    {
        var signer = new OAuth1Signer(TimeProvider.System);
        var credentials = new OAuth1Credentials("1", "ck", "cs", "tk", "ts");
        var uri = new Uri("https://1.suitetalk.api.netsuite.com/x");

        var nonces = Enumerable.Range(0, 3)
            .Select(_ => signer.CreateAuthorization(HttpMethod.Get, uri, credentials).Parameter!)
            .Select(p => p.Split("oauth_nonce=\"")[1].Split('"')[0])
            .ToList();

        Assert.All(nonces, n => Assert.Matches("^[A-Za-z0-9]{32}$", n));
        Assert.Equal(3, nonces.Distinct(StringComparer.Ordinal).Count());
    }
}

using Credentials.Core.Proxy;

namespace Credentials.UnitTests.Proxy;

public class OAuth1SignatureBaseTests
{
    [Fact]
    public void Rfc5849Section341ExampleBaseStringIsReproducedExactly()
    {
        // RFC 5849 section 3.4.1.1: the query, the form body "c2&a3=2+q" and the protocol parameters (realm excluded).
        var uri = new Uri("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        KeyValuePair<string, string>[] protocol =
        [
            new("oauth_consumer_key", "9djdj82h48djs9d2"),
            new("oauth_token", "kkk9d7dh3k39sjv7"),
            new("oauth_signature_method", "HMAC-SHA1"),
            new("oauth_timestamp", "137131201"),
            new("oauth_nonce", "7d8f3e4a"),
        ];

        var baseString = OAuth1SignatureBase.Build("POST", uri, protocol.Concat(OAuth1SignatureBase.ParseForm("c2&a3=2+q")));

        Assert.Equal(
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26"
            + "oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201"
            + "%26oauth_token%3Dkkk9d7dh3k39sjv7",
            baseString);
    }

    [Fact]
    public void Rfc5849Section34132NormalizedParametersAreReproducedExactly()
    {
        var parameters = OAuth1SignatureBase.ParseForm("b5=%3D%253D&a3=a&c%40=&a2=r%20b&c2&a3=2+q"
            + "&oauth_consumer_key=9djdj82h48djs9d2&oauth_token=kkk9d7dh3k39sjv7&oauth_signature_method=HMAC-SHA1"
            + "&oauth_timestamp=137131201&oauth_nonce=7d8f3e4a");

        Assert.Equal(
            "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a"
            + "&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7",
            OAuth1SignatureBase.NormalizeParameters(parameters));
    }

    [Fact]
    public void NetsuitePublishedRequestTokenBaseStringIsReproducedExactly()
    {
        // NetSuite help, "Constructing the Signature for Step One of the TBA Authorization Flow".
        KeyValuePair<string, string>[] parameters =
        [
            new("oauth_callback", "https://my.example.com/TBA/?callbackRequest"),
            new("oauth_consumer_key", "60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5"),
            new("oauth_nonce", "bUvpxBX93OWo0FLswq5M"),
            new("oauth_signature_method", "HMAC-SHA256"),
            new("oauth_timestamp", "1575998103"),
            new("oauth_version", "1.0"),
            new("role", "45678"),
        ];

        var baseString = OAuth1SignatureBase.Build("POST", new Uri("https://1234567.restlets.api.netsuite.com/rest/requesttoken"), parameters);

        Assert.Equal(
            "POST&https%3A%2F%2F1234567.restlets.api.netsuite.com%2Frest%2Frequesttoken&oauth_callback%3Dhttps%253A%252F%252Fmy.example.com"
            + "%252FTBA%252F%253FcallbackRequest%26oauth_consumer_key%3D60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5"
            + "%26oauth_nonce%3DbUvpxBX93OWo0FLswq5M%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1575998103%26oauth_version%3D1.0"
            + "%26role%3D45678",
            baseString);
    }

    [Theory]
    [InlineData("HTTP://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X")]
    [InlineData("https://www.example.net:8080/?q=1", "https://www.example.net:8080/")]
    [InlineData("https://Example.com:443", "https://example.com/")]
    [InlineData("http://example.com:443/a", "http://example.com:443/a")]
    public void BaseStringUriLowercasesSchemeAndHostAndDropsDefaultPorts(string uri, string expected)
    {
        Assert.Equal(expected, OAuth1SignatureBase.BaseStringUri(new Uri(uri)));
    }

    [Theory]
    [InlineData("abcXYZ019-._~", "abcXYZ019-._~")]
    [InlineData("a b+c&d=e/f", "a%20b%2Bc%26d%3De%2Ff")]
    [InlineData("\u00e9*", "%C3%A9%2A")]
    [InlineData("!'()", "%21%27%28%29")]
    public void EncodingKeepsOnlyUnreservedCharacters(string value, string expected)
    {
        Assert.Equal(expected, OAuth1SignatureBase.Encode(value));
    }
}

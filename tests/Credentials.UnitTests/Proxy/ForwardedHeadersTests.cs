using Credentials.Core.Proxy;

namespace Credentials.UnitTests.Proxy;

public class ForwardedHeadersTests
{
    [Theory]
    [InlineData("Accept")]
    [InlineData("accept-language")]
    [InlineData("Content-Type")]
    [InlineData("Content-Length")]
    [InlineData("If-None-Match")]
    [InlineData("If-Match")]
    [InlineData("If-Modified-Since")]
    [InlineData("If-Unmodified-Since")]
    [InlineData("User-Agent")]
    [InlineData("X-Request-Id")]
    [InlineData("Idempotency-Key")]
    [InlineData("Stripe-Version")]
    public void ContentNegotiationAndSafeRequestHeadersAreForwarded(string name)
    {
        Assert.True(ForwardedHeaders.ForwardRequestHeader(name));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Cookie")]
    [InlineData("Host")]
    [InlineData("Forwarded")]
    [InlineData("X-Forwarded-For")]
    [InlineData("X-Forwarded-Host")]
    [InlineData("Connection")]
    [InlineData("Transfer-Encoding")]
    [InlineData("TE")]
    [InlineData("Upgrade")]
    [InlineData("X-Functions-Key")]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("Stripe-Account")]
    public void IdentityRoutingAndHopByHopRequestHeadersAreNotForwarded(string name)
    {
        Assert.False(ForwardedHeaders.ForwardRequestHeader(name));
    }

    [Fact]
    public void HeadersNamedByConnectionAreHopByHopBothWays()
    {
        Assert.False(ForwardedHeaders.ForwardRequestHeader("User-Agent", ["keep-alive", " User-Agent"]));
        Assert.False(ForwardedHeaders.ForwardResponseHeader("X-Upstream-Hop", ["X-Upstream-Hop"]));
        Assert.True(ForwardedHeaders.ForwardResponseHeader("X-RateLimit-Remaining", ["close"]));
    }

    [Theory]
    [InlineData("Set-Cookie")]
    [InlineData("set-cookie2")]
    [InlineData("Connection")]
    [InlineData("Keep-Alive")]
    [InlineData("Proxy-Authenticate")]
    [InlineData("Proxy-Connection")]
    [InlineData("Proxy-Anything")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Strict-Transport-Security")]
    [InlineData("Alt-Svc")]
    [InlineData("Access-Control-Allow-Origin")]
    [InlineData("WWW-Authenticate")]
    [InlineData("Server")]
    [InlineData("x-powered-by")]
    public void CookiesHopByHopAndOriginPoliciesAreNotReturned(string name)
    {
        Assert.False(ForwardedHeaders.ForwardResponseHeader(name));
    }

    [Theory]
    [InlineData("Content-Type")]
    [InlineData("Content-Encoding")]
    [InlineData("ETag")]
    [InlineData("Retry-After")]
    [InlineData("X-RateLimit-Remaining")]
    [InlineData("Link")]
    public void OtherResponseHeadersAreReturned(string name)
    {
        Assert.True(ForwardedHeaders.ForwardResponseHeader(name));
    }
}

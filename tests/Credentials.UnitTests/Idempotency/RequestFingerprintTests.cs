using System.Text;
using Credentials.Core.Idempotency;

namespace Credentials.UnitTests.Idempotency;

public class RequestFingerprintTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"username":"jane"}""");

    [Fact]
    public void TheFingerprintIsHexSha256OverMethodRouteAndBody()
    {
        // printf 'POST\nusers\n{"username":"jane"}' | sha256sum
        Assert.Equal("f14e69ef2f31d168abd873096b7439cc7d3e0b97080e0136188378741c0e8e14", RequestFingerprint.Compute("POST", "users", Body));
    }

    [Fact]
    public void TheSameRequestHasTheSameFingerprint()
        => Assert.Equal(RequestFingerprint.Compute("POST", "users", Body), RequestFingerprint.Compute("post", "users", Encoding.UTF8.GetBytes("""{"username":"jane"}""")));

    [Theory]
    [InlineData("PUT", "users", """{"username":"jane"}""")]
    [InlineData("POST", "credentials", """{"username":"jane"}""")]
    [InlineData("POST", "users", """{"username":"jane2"}""")]
    [InlineData("POST", "users", """{ "username":"jane"}""")]
    [InlineData("POST", "users", "")]
    public void AnyDifferenceInMethodRouteOrBodyBytesChangesIt(string method, string route, string body)
        => Assert.NotEqual(RequestFingerprint.Compute("POST", "users", Body), RequestFingerprint.Compute(method, route, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void ARouteWithANewlineIsRefusedSoPartsCannotShift()
        => Assert.Throws<ArgumentException>(() => RequestFingerprint.Compute("POST", "users\n{", "}"u8));
}

using System.Security.Cryptography;
using System.Text;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Ids;

namespace Credentials.UnitTests.ConnectSessions;

public class ConnectSessionTokenTests
{
    private static readonly string SessionId = ResourceIds.NewConnectSession(ResourceIds.New(ResourceIds.User));

    [Fact]
    public void ATokenNamesItsSessionAndCarries256RandomBits()
    {
        var token = ConnectSessionToken.New(SessionId);
        var other = ConnectSessionToken.New(SessionId);

        Assert.True(ConnectSessionToken.TryParse(token, out var parsed));
        Assert.Equal(SessionId, parsed);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(SessionId.Length + 1)).Length);
        Assert.NotEqual(token, other);
    }

    [Fact]
    public void OnlyTheSha256OfTheWholeTokenMatches()
    {
        var token = ConnectSessionToken.New(SessionId);
        var hash = ConnectSessionToken.Hash(token);

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), hash);
        Assert.True(ConnectSessionToken.Matches(token, hash));
        Assert.False(ConnectSessionToken.Matches(ConnectSessionToken.New(SessionId), hash));
        Assert.False(ConnectSessionToken.Matches(token, hash[..16]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("cns-abc.def")]
    public void MalformedTokensDoNotParse(string token) => Assert.False(ConnectSessionToken.TryParse(token, out _));

    [Fact]
    public void TokensOfTheWrongShapeDoNotParse()
    {
        var token = ConnectSessionToken.New(SessionId);

        Assert.False(ConnectSessionToken.TryParse(token + "A", out _));
        Assert.False(ConnectSessionToken.TryParse(token[..^1] + "/", out _));
        Assert.False(ConnectSessionToken.TryParse(token.Replace("cns-", "crd-", StringComparison.Ordinal), out _));
        Assert.False(ConnectSessionToken.TryParse(null, out _));
    }

    [Fact]
    public void ASessionIdLivesInItsUsersPartition()
    {
        var userId = ResourceIds.New(ResourceIds.User);
        var sessionId = ResourceIds.NewConnectSession(userId);

        Assert.True(ResourceIds.IsWellFormed(sessionId, ResourceIds.ConnectSession));
        Assert.False(ResourceIds.IsWellFormed(sessionId, ResourceIds.Credential));
        Assert.Equal(userId, ResourceIds.UserOfConnectSession(sessionId));
        Assert.Equal(userId, ConnectSessionStore.Partition(sessionId));
    }
}

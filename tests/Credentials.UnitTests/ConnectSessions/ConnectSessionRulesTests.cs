using Credentials.Core.ConnectSessions;
using Credentials.Core.Errors;
using Credentials.Core.Ids;

namespace Credentials.UnitTests.ConnectSessions;

public class ConnectSessionRulesTests
{
    private static readonly DateTimeOffset Created = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ASingleUseSessionAcceptsOneCredentialBeforeItExpires()
    {
        var session = Session(multiple: false);

        Assert.True(session.AcceptsCredential(Created.AddMinutes(29)));
        Assert.False(session.AcceptsCredential(Created.AddMinutes(30)));
        Assert.False(session.WithResult(CredentialOf(session), "desk", Created).AcceptsCredential(Created.AddMinutes(1)));
    }

    [Fact]
    public void AMultipleSessionAcceptsMoreUntilItExpires()
    {
        var used = Session(multiple: true).WithResult(CredentialOf(Session(multiple: true)), "desk", Created);

        Assert.True(used.AcceptsCredential(Created.AddMinutes(1)));
        Assert.False(used.AcceptsCredential(Created.AddMinutes(30)));
    }

    [Fact]
    public void TheStatusIsPendingCompletedOrExpiredAndADeletedUserMakesItExpired()
    {
        var session = Session(multiple: false);
        var completed = session.WithResult(CredentialOf(session), "desk", Created);

        Assert.Equal(ConnectSessionStatus.Pending, session.StatusAt(Created, userExists: true));
        Assert.Equal(ConnectSessionStatus.Expired, session.StatusAt(Created.AddHours(1), userExists: true));
        Assert.Equal(ConnectSessionStatus.Completed, completed.StatusAt(Created.AddHours(1), userExists: true));
        Assert.Equal(ConnectSessionStatus.Expired, completed.StatusAt(Created, userExists: false));
        Assert.Equal("completed", completed.ToView(ConnectSessionStatus.Completed).Status);
    }

    [Fact]
    public void AResultIsRecordedOnce()
    {
        var session = Session(multiple: true);
        var credentialId = CredentialOf(session);

        var twice = session.WithResult(credentialId, "desk", Created).WithResult(credentialId, "desk", Created.AddSeconds(1));

        Assert.Single(twice.Results);
    }

    [Fact]
    public void ARefusalSaysExpiredForAGoneOrExpiredSessionAndCompletedForAUsedOne()
    {
        var session = Session(multiple: false);

        Assert.Equal(ErrorCodes.SessionExpired, ConnectSession.Refusal(null, Created).Code);
        Assert.Equal(ErrorCodes.SessionExpired, ConnectSession.Refusal(session, Created.AddHours(1)).Code);
        Assert.Equal(ErrorCodes.SessionCompleted, ConnectSession.Refusal(session.WithResult(CredentialOf(session), "desk", Created), Created).Code);
    }

    [Fact]
    public void TheRowIsRemovedAWeekAfterItExpires()
        => Assert.Equal(Created.AddMinutes(30).AddDays(7), Session(multiple: false).RemoveAt);

    private static ConnectSession Session(bool multiple)
    {
        var userId = ResourceIds.New(ResourceIds.User);
        var sessionId = ResourceIds.NewConnectSession(userId);
        return new ConnectSession
        {
            SessionId = sessionId,
            TenantId = ResourceIds.New(ResourceIds.Tenant),
            UserId = userId,
            TokenHash = ConnectSessionToken.Hash(ConnectSessionToken.New(sessionId)),
            Offers = [new ConnectorOffer("desk", ["apiKey"])],
            Multiple = multiple,
            CreatedAt = Created,
            ExpiresAt = Created.AddMinutes(30),
        };
    }

    private static string CredentialOf(ConnectSession session) => ResourceIds.NewCredential(session.UserId);
}

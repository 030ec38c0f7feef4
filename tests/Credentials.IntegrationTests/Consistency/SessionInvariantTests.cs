using Azure.Data.Tables;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.TestSupport.Consistency;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>The I11 check itself finds what it must (so the crash and race tests that pass through it can fail).</summary>
public class SessionInvariantTests
{
    private static readonly string UserId = ResourceIds.New(ResourceIds.User);
    private static readonly string SessionId = ResourceIds.NewConnectSession(UserId);
    private static readonly string CredentialId = ResourceIds.NewCredential(UserId);

    [Fact]
    public void ASessionThatListsWhatItCreatedAndHasItsRemovalEntryIsFine()
    {
        var state = State(results: $"[{{\"credentialId\":\"{CredentialId}\"}}]", multiple: false, withEntry: true);

        Assert.Empty(InvariantChecker.I11SessionsRecordWhatTheyCreated(state));
    }

    [Fact]
    public void AnUnlistedCredentialASecondCredentialOfASingleUseSessionAndAMissingEntryAreEachFound()
    {
        var unlisted = State(results: "[]", multiple: false, withEntry: true);
        var twice = State(results: $"[{{\"credentialId\":\"{CredentialId}\"}},{{\"credentialId\":\"{ResourceIds.NewCredential(UserId)}\"}}]", multiple: false, withEntry: true);
        var stranded = State(results: $"[{{\"credentialId\":\"{CredentialId}\"}}]", multiple: false, withEntry: false);

        Assert.Contains("does not list it", Assert.Single(InvariantChecker.I11SessionsRecordWhatTheyCreated(unlisted)), StringComparison.Ordinal);
        Assert.Contains("lists 2 credentials", Assert.Single(InvariantChecker.I11SessionsRecordWhatTheyCreated(twice)), StringComparison.Ordinal);
        Assert.Contains("no due entry", Assert.Single(InvariantChecker.I11SessionsRecordWhatTheyCreated(stranded)), StringComparison.Ordinal);
        Assert.Empty(InvariantChecker.I11SessionsRecordWhatTheyCreated(State(results: twice.ConnectSessions[SessionId].GetString("ResultsJson"), multiple: true, withEntry: true)));
    }

    private static StoredState State(string results, bool multiple, bool withEntry) => new()
    {
        Credentials = new Dictionary<string, TableEntity> { [CredentialId] = new(UserId, "cred|" + CredentialId) { ["ConnectSessionId"] = SessionId, ["Status"] = "active" } },
        Heads = new Dictionary<string, TableEntity>(),
        Outbox = [],
        ConnectSessions = new Dictionary<string, TableEntity> { [SessionId] = new(UserId, ConnectSessionStore.Row(SessionId)) { ["ResultsJson"] = results, ["Multiple"] = multiple } },
        Reservations = [],
        DueEntries = withEntry ? [new DueEntry(SessionId, DateTimeOffset.UnixEpoch)] : [],
        SecretOwners = new HashSet<string>(),
    };
}


namespace Credentials.EndToEndTests.Consistency;

/// <summary>What became of a delete request.</summary>
public enum Deletion
{
    /// <summary>Never asked for.</summary>
    NotRequested,

    /// <summary>The service answered that it deleted (204) or accepted the delete (202).</summary>
    Told,

    /// <summary>Asked for, but no answer came (the process died) or the answer was an error: may have happened or not.</summary>
    Unknown,
}

/// <summary>A credential whose create answered 201.</summary>
public sealed record LedgerCredential(string CredentialId, string TenantId, string UserId, bool IsOAuth, Deletion Deletion);

/// <summary>A user whose create answered 201.</summary>
public sealed record LedgerUser(string UserId, string TenantId, Deletion Deletion);

/// <summary>
/// What the load's clients were told, per resource: only creates that answered 201 give an id, so resources whose create had
/// no answer are unknown here (the audit finds them through the tables). Also collects violations seen while the load ran.
/// </summary>
public sealed class OutcomeLedger
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, LedgerCredential> credentials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerUser> users = new(StringComparer.Ordinal);
    private readonly List<Violation> loadViolations = [];

    public void UserCreated(string tenantId, string userId)
    {
        lock (sync)
        {
            users[userId] = new LedgerUser(userId, tenantId, Deletion.NotRequested);
        }
    }

    public void UserDeleted(string userId, Deletion outcome)
    {
        lock (sync)
        {
            users[userId] = users[userId] with { Deletion = outcome };
        }
    }

    public void CredentialCreated(string tenantId, string userId, string credentialId, bool isOAuth)
    {
        lock (sync)
        {
            credentials[credentialId] = new LedgerCredential(credentialId, tenantId, userId, isOAuth, Deletion.NotRequested);
        }
    }

    public void CredentialDeleted(string credentialId, Deletion outcome)
    {
        lock (sync)
        {
            credentials[credentialId] = credentials[credentialId] with { Deletion = outcome };
        }
    }

    /// <summary>An answer during the load that already breaks an invariant (a 5xx, a 404 for a live resource).</summary>
    public void ViolationDuringLoad(Violation violation)
    {
        lock (sync)
        {
            loadViolations.Add(violation);
        }
    }

    public LedgerSnapshot Snapshot()
    {
        lock (sync)
        {
            return new LedgerSnapshot([.. credentials.Values], [.. users.Values], [.. loadViolations]);
        }
    }
}

/// <summary>The ledger at one moment, with the expectations that follow from it.</summary>
public sealed class LedgerSnapshot(IReadOnlyList<LedgerCredential> credentials, IReadOnlyList<LedgerUser> users, IReadOnlyList<Violation> loadViolations)
{
    private readonly Dictionary<string, LedgerUser> usersById = users.ToDictionary(u => u.UserId, StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerCredential> credentialsById = credentials.ToDictionary(c => c.CredentialId, StringComparer.Ordinal);

    public IReadOnlyList<LedgerCredential> Credentials { get; } = credentials;

    public IReadOnlyList<LedgerUser> Users { get; } = users;

    public IReadOnlyList<Violation> LoadViolations { get; } = loadViolations;

    /// <summary>What the clients were told about a credential or user id, for reports.</summary>
    public string Describe(string id)
    {
        if (credentialsById.TryGetValue(id, out var credential))
        {
            return $"clients were told: {(credential.IsOAuth ? "oauth2 import" : "apiKey create")} 201, delete {Told(credential.Deletion)}, user delete {Told(UserDeletion(credential))}";
        }

        return usersById.TryGetValue(id, out var user)
            ? $"clients were told: user create 201, delete {Told(user.Deletion)}"
            : "clients were told nothing: its create got no answer";
    }

    /// <summary>How the delete of the credential's user went.</summary>
    public Deletion UserDeletion(LedgerCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return usersById.TryGetValue(credential.UserId, out var user) ? user.Deletion : Deletion.NotRequested;
    }

    /// <summary>Created (201) and neither it nor its user was ever asked to be deleted: it must exist.</summary>
    public bool MustExist(LedgerCredential credential)
        => credential?.Deletion == Deletion.NotRequested && UserDeletion(credential) == Deletion.NotRequested;

    private static string Told(Deletion deletion) => deletion switch
    {
        Deletion.Told => "answered 204/202",
        Deletion.Unknown => "got no answer",
        _ => "never sent",
    };
}

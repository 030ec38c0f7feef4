using Azure.Data.Tables;

namespace Credentials.TestSupport.Consistency;

/// <summary>
/// Checks the numbered invariants of docs/consistency.md on a quiet store (nothing in flight, the repair has run): each
/// method returns the violations of one invariant as readable lines, so a failing test says which promise broke and where.
/// </summary>
public static class InvariantChecker
{
    /// <summary>Every violation of I1, I2, I3, I5, I7, I9, I10 and I11, each prefixed with its invariant.</summary>
    public static IReadOnlyList<string> Check(StoredState state)
        => [.. I1EveryVisibleCredentialHasItsSecret(state), .. I2NothingOutlivesItsCredential(state), .. I3CredentialsBelongToLiveUsers(state),
            .. I5UsernamesAreUnique(state), .. I7OneDeletedEventPerCredential(state), .. I9QuotaCountsNeverUndercount(state),
            .. I10AuditListingsAreInTheTenantsTrail(state), .. I11SessionsRecordWhatTheyCreated(state)];

    /// <summary>
    /// I9: a tenant's user count equals its reservations (they change in one transaction), and its auth-config count is at least
    /// its stored versions (a crash after the count's increment leaves it higher, never lower): a count never lets a create pass a quota.
    /// </summary>
    public static IEnumerable<string> I9QuotaCountsNeverUndercount(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (tenantId, count) in state.UserCounts)
        {
            var reservations = state.Reservations.Count(r => r.PartitionKey == tenantId);
            if (count != reservations)
            {
                yield return $"I9: tenant {tenantId} counts {count} users but has {reservations} reservations";
            }
        }

        foreach (var counted in state.AuthConfigs.Where(r => r.RowKey == "count"))
        {
            var versions = state.AuthConfigs.Count(r => r.PartitionKey.StartsWith(counted.PartitionKey + "|", StringComparison.Ordinal) && r.RowKey.StartsWith('v'));
            if ((counted.GetInt32("Count") ?? 0) < versions)
            {
                yield return $"I9: tenant {counted.PartitionKey} counts {counted.GetInt32("Count")} auth configs but stores {versions} versions";
            }
        }
    }

    /// <summary>I10: every audit entry in a credential's or user's listing is also in its tenant's listing of the same month.</summary>
    public static IEnumerable<string> I10AuditListingsAreInTheTenantsTrail(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tenantEntries = state.Audit.Where(a => a.Row.PartitionKey.StartsWith("t|", StringComparison.Ordinal))
            .Select(a => (a.Table, Tenant: a.Row.PartitionKey[2..], a.Row.RowKey))
            .ToHashSet();
        foreach (var (table, row) in state.Audit.Where(a => !a.Row.PartitionKey.StartsWith("t|", StringComparison.Ordinal)))
        {
            var tenant = row.PartitionKey.Split('|')[1];
            if (!tenantEntries.Contains((table, tenant, row.RowKey)))
            {
                yield return $"I10: audit entry {row.RowKey} is listed under {row.PartitionKey} in {table} but not in its tenant's trail";
            }
        }
    }

    /// <summary>
    /// I11: a connect session lists every credential created through it (a credential row naming a session that still exists is in
    /// its results), a single-use session lists at most one, and every session row has the due entry that removes it.
    /// </summary>
    public static IEnumerable<string> I11SessionsRecordWhatTheyCreated(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (id, row) in state.ConnectSessions)
        {
            var results = System.Text.Json.JsonDocument.Parse(row.GetString("ResultsJson") ?? "[]").RootElement;
            if (row.GetBoolean("Multiple") != true && results.GetArrayLength() > 1)
            {
                yield return $"I11: single-use session {id} lists {results.GetArrayLength()} credentials";
            }

            if (!state.DueEntries.Any(e => e.CredentialId == id))
            {
                yield return $"I11: session {id} has no due entry to remove it";
            }
        }

        foreach (var (credentialId, row) in state.Credentials)
        {
            if (row.GetString("ConnectSessionId") is { } sessionId && state.ConnectSessions.TryGetValue(sessionId, out var session)
                && !(session.GetString("ResultsJson") ?? "[]").Contains(credentialId, StringComparison.Ordinal))
            {
                yield return $"I11: credential {credentialId} was created by session {sessionId}, which does not list it";
            }
        }
    }

    /// <summary>I1: a credential that is not being deleted has a secret.</summary>
    public static IEnumerable<string> I1EveryVisibleCredentialHasItsSecret(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (id, row) in state.Credentials)
        {
            if (!IsDeleting(row) && !state.SecretOwners.Contains(id))
            {
                yield return $"I1: credential {id} ({row.GetString("Status")}) has no secret";
            }
        }
    }

    /// <summary>
    /// I2: after the repair no secret, due entry or deleting row is left of a credential that is gone, and no deleting user
    /// remains (the providers in these tests accept revocation, so no retry keeps a delete open).
    /// </summary>
    public static IEnumerable<string> I2NothingOutlivesItsCredential(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var owner in state.SecretOwners.Where(o => o.StartsWith("crd-", StringComparison.Ordinal)))
        {
            if (!state.Credentials.TryGetValue(owner, out var row) || IsDeleting(row))
            {
                yield return $"I2: secret {owner} outlives its credential";
            }
        }

        foreach (var entry in state.DueEntries)
        {
            if (entry.CredentialId.StartsWith("crd-", StringComparison.Ordinal) && !state.Credentials.ContainsKey(entry.CredentialId))
            {
                yield return $"I2: due entry {entry.NextRefreshAt:O} of credential {entry.CredentialId} outlives it";
            }

            if (entry.CredentialId.StartsWith("usr-", StringComparison.Ordinal) && !state.Heads.ContainsKey(entry.CredentialId))
            {
                yield return $"I2: due entry {entry.NextRefreshAt:O} of user {entry.CredentialId} outlives it";
            }
        }

        foreach (var (id, _) in state.Credentials.Where(c => IsDeleting(c.Value)))
        {
            yield return $"I2: credential {id} is still marked deleting after the repair";
        }

        foreach (var (id, _) in state.Heads.Where(h => h.Value.GetDateTimeOffset("DeleteRequestedAt") is not null))
        {
            yield return $"I2: user {id} is still marked deleting after the repair";
        }
    }

    /// <summary>I3: every credential row sits in the partition of a user that exists, of the same tenant.</summary>
    public static IEnumerable<string> I3CredentialsBelongToLiveUsers(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (id, row) in state.Credentials)
        {
            if (!state.Heads.TryGetValue(row.PartitionKey, out var head))
            {
                yield return $"I3: credential {id} belongs to user {row.PartitionKey}, who does not exist";
            }
            else if (head.GetString("TenantId") != row.GetString("TenantId"))
            {
                yield return $"I3: credential {id} and its user {row.PartitionKey} belong to different tenants";
            }
        }
    }

    /// <summary>
    /// I5: each confirmed reservation names a user whose head row exists with that name, and no two users that were answered
    /// (confirmed) share a name in a tenant.
    /// </summary>
    public static IEnumerable<string> I5UsernamesAreUnique(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var confirmed = state.Reservations.Where(r => r.GetBoolean("Confirmed") == true).ToList();
        foreach (var reservation in confirmed)
        {
            var userId = reservation.GetString("UserId");
            if (!state.Heads.TryGetValue(userId, out var head))
            {
                yield return $"I5: reservation {reservation.PartitionKey}/{reservation.RowKey} names user {userId}, who does not exist";
            }
            else if (!string.Equals(head.GetString("Username"), reservation.GetString("Username"), StringComparison.OrdinalIgnoreCase))
            {
                yield return $"I5: reservation {reservation.RowKey} and user {userId} disagree on the name";
            }
        }

        var confirmedUsers = confirmed.Select(r => r.GetString("UserId")).ToHashSet(StringComparer.Ordinal);
        foreach (var group in state.Heads.Values
            .Where(h => confirmedUsers.Contains(h.PartitionKey))
            .GroupBy(h => (h.GetString("TenantId"), h.GetString("Username").ToLowerInvariant()))
            .Where(g => g.Count() > 1))
        {
            yield return $"I5: {group.Count()} users of tenant {group.Key.Item1} are named '{group.Key.Item2}'";
        }
    }

    /// <summary>I7: at most one queued <c>credential.deleted</c> per credential.</summary>
    public static IEnumerable<string> I7OneDeletedEventPerCredential(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Outbox
            .Where(r => r.GetString("EventType") == "credential.deleted")
            .GroupBy(r => r.GetString("CredentialId"))
            .Where(g => g.Count() > 1)
            .Select(g => $"I7: credential {g.Key} has {g.Count()} credential.deleted events");
    }

    /// <summary>Head rows that no confirmed reservation names: debris of an interrupted user create, unreachable by the API.</summary>
    public static int UnconfirmedUsers(StoredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var confirmed = state.Reservations.Where(r => r.GetBoolean("Confirmed") == true).Select(r => r.GetString("UserId")).ToHashSet(StringComparer.Ordinal);
        return state.Heads.Keys.Count(id => !confirmed.Contains(id));
    }

    private static bool IsDeleting(TableEntity row) => string.Equals(row.GetString("Status"), "deleting", StringComparison.Ordinal);
}

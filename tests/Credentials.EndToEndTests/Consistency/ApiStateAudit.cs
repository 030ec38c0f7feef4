namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// The invariants that can be checked through the API alone (I1, I3, I4 and no lost credential), over one
/// <see cref="ApiObservation"/> and what the clients were told (<see cref="LedgerSnapshot"/>).
/// </summary>
public static class ApiStateAudit
{
    /// <summary>I1: every credential the API shows (GET, a user's list) works: GET, token (oauth2) and proxy answer, and never 5xx.</summary>
    public static IEnumerable<Violation> ShownCredentialsWork(ApiObservation api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var credential in api.Credentials)
        {
            var subject = credential.CredentialId;
            if (!credential.Shown && !credential.Gone)
            {
                yield return Failure(subject, $"GET /credentials/{subject}", credential.Get);
                continue;
            }

            if (!credential.Shown)
            {
                continue;
            }

            // An invalid credential answers 409 credential_invalid on use; this provider never fails, but that answer is still a working one.
            int[] usable = credential.IsInvalid ? [200, 409] : [200];
            if (credential.IsOAuth && credential.Token is { } token && !token.IsOneOf(usable))
            {
                yield return Failure(subject, $"shown (GET 200) but GET /credentials/{subject}/token", token);
            }

            if (credential.Proxy is { } proxy && !proxy.IsOneOf(usable))
            {
                yield return Failure(subject, $"shown (GET 200) but GET /credentials/{subject}/proxy/ping", proxy);
            }
        }

        foreach (var user in api.Users)
        {
            if (!user.Shown && !user.Gone)
            {
                yield return Failure(user.UserId, $"GET /users/{user.UserId}", user.Get);
            }

            if (user.FailedListPage is { } page)
            {
                yield return Failure(user.UserId, $"GET /users/{user.UserId}/credentials", page);
            }

            foreach (var listed in user.Listed.Where(id => api.Credential(id) is { Shown: false }))
            {
                yield return new Violation(Invariants.ShownCredentialWorks, listed, $"listed by GET /users/{user.UserId}/credentials but GET /credentials/{listed} answers {api.Credential(listed)!.Get.Describe()}");
            }
        }
    }

    /// <summary>
    /// I3: every credential GET shows is in its user's list (so its user exists); a user whose DELETE answered 204/202 is 404 and so
    /// is every credential created for it.
    /// </summary>
    public static IEnumerable<Violation> ShownCredentialsAreListedUnderTheirUser(ApiObservation api, LedgerSnapshot ledger)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(ledger);
        foreach (var credential in api.Credentials.Where(c => c.Shown))
        {
            var user = credential.UserId is { } userId ? api.User(userId) : null;
            if (user is not { Shown: true })
            {
                yield return new Violation(Invariants.ListedUnderItsUser, credential.CredentialId, $"shown (GET 200) but its user {credential.UserId} answers {user?.Get.Describe() ?? "nothing"}");
            }
            else if (user.FailedListPage is null && !user.Listed.Contains(credential.CredentialId, StringComparer.Ordinal))
            {
                yield return new Violation(Invariants.ListedUnderItsUser, credential.CredentialId, $"shown (GET 200) but missing from GET /users/{user.UserId}/credentials ({user.Listed.Count} listed)");
            }
        }

        foreach (var deleted in ledger.Users.Where(u => u.Deletion == Deletion.Told))
        {
            if (api.User(deleted.UserId) is { Gone: false } user)
            {
                yield return new Violation(Invariants.ListedUnderItsUser, deleted.UserId, $"its DELETE answered 204/202 but GET /users/{deleted.UserId} answers {user.Get.Describe()}");
            }
        }

        foreach (var credential in ledger.Credentials.Where(c => ledger.UserDeletion(c) == Deletion.Told))
        {
            if (api.Credential(credential.CredentialId) is { Gone: false } seen)
            {
                yield return new Violation(Invariants.ListedUnderItsUser, credential.CredentialId, $"its user {credential.UserId} was deleted (204/202) but GET /credentials/{credential.CredentialId} answers {seen.Get.Describe()}");
            }
        }
    }

    /// <summary>
    /// I4: a credential whose DELETE answered 204/202 answers 404 on GET, token and proxy, forever; and any credential GET answers
    /// 404 for is 404 on token and proxy too (gone is gone everywhere).
    /// </summary>
    public static IEnumerable<Violation> DeletedCredentialsStayDeleted(ApiObservation api, LedgerSnapshot ledger)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(ledger);
        var toldDeleted = ledger.Credentials.Where(c => c.Deletion == Deletion.Told).Select(c => c.CredentialId).ToHashSet(StringComparer.Ordinal);
        foreach (var credential in api.Credentials)
        {
            var told = toldDeleted.Contains(credential.CredentialId);
            if (told && credential.Get.Answered && !credential.Gone)
            {
                yield return new Violation(Invariants.DeletedStaysDeleted, credential.CredentialId, $"its DELETE answered 204 but GET answers {credential.Get.Describe()}", Lasting: true);
                continue;
            }

            if (!credential.Gone)
            {
                continue;
            }

            foreach (var (route, answer) in new[] { ("token", credential.Token), ("proxy/ping", credential.Proxy) })
            {
                if (answer is { Answered: true } && answer.Status != 404)
                {
                    yield return new Violation(Invariants.DeletedStaysDeleted, credential.CredentialId, $"GET answers 404 but GET /credentials/{credential.CredentialId}/{route} answers {answer.Describe()}", Lasting: told);
                }
            }
        }
    }

    /// <summary>No lost credential: every credential whose create answered 201 and that neither it nor its user was asked to delete exists.</summary>
    public static IEnumerable<Violation> NoCredentialLost(ApiObservation api, LedgerSnapshot ledger)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(ledger);
        foreach (var credential in ledger.Credentials.Where(ledger.MustExist))
        {
            if (api.Credential(credential.CredentialId) is { Gone: true } seen)
            {
                yield return new Violation(Invariants.NoLostCredential, credential.CredentialId, $"its create answered 201 and nothing deleted it, but GET answers {seen.Get.Describe()}", Lasting: true);
            }
        }
    }

    // No answer may still come after the repair; a 5xx never may.
    private static Violation Failure(string subject, string request, ApiAnswer answer)
        => new(Invariants.ShownCredentialWorks, subject, $"{request} answers {answer.Describe()}", Lasting: answer.IsServerError);
}

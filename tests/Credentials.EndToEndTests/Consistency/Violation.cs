namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// One broken invariant. <paramref name="Lasting"/>: the invariant says "never" or "forever", so seeing it once is enough
/// (a later poll that looks fine does not undo it); otherwise only the state after convergence counts.
/// </summary>
public sealed record Violation(string Invariant, string Subject, string Detail, bool Lasting = false)
{
    public override string ToString() => $"{Invariant} {Subject}: {Detail}";
}

/// <summary>The invariants the kill test checks, by the names its report uses.</summary>
public static class Invariants
{
    /// <summary>Every credential the API shows works: GET, its lists, token (oauth2) and proxy never answer 5xx.</summary>
    public const string ShownCredentialWorks = "I1";

    /// <summary>No secret and no due-index row outlives its credential.</summary>
    public const string NothingOutlivesItsCredential = "I2";

    /// <summary>Every shown credential is in its user's list; a deleted user and all its credentials are gone.</summary>
    public const string ListedUnderItsUser = "I3";

    /// <summary>A credential whose delete answered 204 answers 404 on GET, token and proxy forever.</summary>
    public const string DeletedStaysDeleted = "I4";

    /// <summary>A credential whose create answered 201 and that was never deleted still exists.</summary>
    public const string NoLostCredential = "L";

    /// <summary>Every invariant with its meaning, in report order.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> All { get; } =
    [
        (ShownCredentialWorks, "every credential the API shows works (GET, list, token, proxy: no 5xx, no missing secret)"),
        (NothingOutlivesItsCredential, "no secret and no due-index row outlives its credential"),
        (ListedUnderItsUser, "every shown credential is in its user's list; a deleted user and its credentials are 404"),
        (DeletedStaysDeleted, "after DELETE answered 204 the credential is 404 on GET, token and proxy forever"),
        (NoLostCredential, "a credential whose create answered 201 and that was never deleted still exists"),
    ];
}

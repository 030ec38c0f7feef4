using System.Diagnostics;
using System.Globalization;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>One audit: the stored references, the API's answers and every invariant over them.</summary>
public sealed record AuditReport(IReadOnlyList<Violation> Violations, int CredentialsShown, int CredentialsGone, int UsersShown, int Secrets, int DueEntries, TimeSpan Duration)
{
    public string Summary()
        => string.Create(CultureInfo.InvariantCulture, $"{Violations.Count} violations; credentials shown {CredentialsShown}, gone {CredentialsGone}; users shown {UsersShown}; credential secrets {Secrets}; due-index rows {DueEntries}; took {Duration.TotalSeconds:0.0} s");
}

/// <summary>Runs every invariant check once: the tables first (what might be debris), then the API about all of it.</summary>
public sealed class ConsistencyAudit(IReadOnlyDictionary<string, TenantClient> tenants, StoredStateAudit stored)
{
    public async Task<AuditReport> RunAsync(LedgerSnapshot ledger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var references = await stored.ReadAsync(cancellationToken);
        var api = await ApiObservation.GatherAsync(tenants, ledger, references, cancellationToken);
        var violations = ApiStateAudit.ShownCredentialsWork(api)
            .Concat(StoredStateAudit.SecretsWithoutCredential(references, api))
            .Concat(StoredStateAudit.DueEntriesWithoutCredential(references, api))
            .Concat(ApiStateAudit.ShownCredentialsAreListedUnderTheirUser(api, ledger))
            .Concat(ApiStateAudit.DeletedCredentialsStayDeleted(api, ledger))
            .Concat(ApiStateAudit.NoCredentialLost(api, ledger))
            .Select(v => v with { Detail = $"{v.Detail} [{ledger.Describe(v.Subject)}]" })
            .ToList();
        return new AuditReport(
            violations,
            api.Credentials.Count(c => c.Shown),
            api.Credentials.Count(c => c.Gone),
            api.Users.Count(u => u.Shown),
            references.Secrets.Count,
            references.DueEntries.Count,
            started.Elapsed);
    }
}

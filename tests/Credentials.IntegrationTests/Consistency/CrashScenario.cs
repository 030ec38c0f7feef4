using Credentials.Core.Tenancy;
using Credentials.TestSupport.Composition;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>What an operation under test starts from: a tenant, a user, and optionally a credential, a pending OAuth state or a connect session.</summary>
public sealed record Seeded(TenantContext Tenant, string UserId, string? CredentialId = null, string? State = null, string? SessionId = null);

/// <summary>One write path of the service, as the crash and race tests drive it.</summary>
/// <param name="Name">How the test output names it.</param>
/// <param name="Arrange">Seeds fresh state through a process of the deployment.</param>
/// <param name="Operation">The operation, run in the process that crashes.</param>
/// <param name="ChecksProviderGrants">
/// Whether every grant live at the provider must belong to a stored credential afterwards. Off for paths that hold tokens
/// only in memory between the provider's answer and the first write (refresh, code exchange, import): a crash there loses them
/// (docs/consistency.md).
/// </param>
/// <param name="InlineOnly">A path only the inline modes have (it makes no storage call in KeyVault mode).</param>
public sealed record CrashScenario(string Name, Func<ConsistencyWorld, ServiceProcess, Task<Seeded>> Arrange, Func<ConsistencyWorld, IServiceProvider, Seeded, Task> Operation, bool ChecksProviderGrants = false, bool InlineOnly = false)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

using Azure.Data.Tables;
using Credentials.Core.OAuth;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Service;
using Microsoft.Extensions.Logging;

namespace Credentials.IntegrationTests.OAuth;

/// <summary>
/// A pending OAuth state is a bearer value: the service's own composition (Azure SDK logging forwarded to ILogger at Trace) must
/// never write it to a log, and the table must not hold it as a key.
/// </summary>
[Collection(Consistency.ConsistencyCollection.Name)]
public class OAuthStateLoggingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AStateIsStoredUnderItsHashAndNoLogLineShowsIt()
    {
        var logs = new CapturedLogs();
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs),
        });
        await using var process = deployment.StartProcess();
        var (tenant, _) = await process.GetRequiredService<TenantService>().CreateTenantAsync("Logged");
        var states = process.GetRequiredService<OAuthStateStore>();
        var expiresAt = deployment.Clock.GetUtcNow().AddMinutes(10);
        var state = new OAuthState
        {
            State = OAuthStateStore.NewState(expiresAt),
            TenantId = tenant.TenantId,
            UserId = "usr-aaaaaaaaaaaaaaaaaaaaaaaaaa",
            ConnectorId = "hubspot",
            RedirectUri = "https://app.example.com/done",
            AuthConfigId = AuthConfig.DeploymentId,
            ExpiresAt = expiresAt,
        };

        await states.SaveAsync(state);
        var consumed = await states.ConsumeAsync(state.State, deployment.Clock.GetUtcNow());
        var replayed = await states.ConsumeAsync(state.State, deployment.Clock.GetUtcNow());

        Assert.Equal(tenant.TenantId, consumed?.TenantId);
        Assert.Null(replayed);

        // The SDK's request logging is on for the other tables (so this test would see a leak), never with the state in it.
        Assert.Contains(logs.Lines, line => line.Contains("Azure", StringComparison.Ordinal) && line.Contains("tenants", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(state.State, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(TableNames.OAuthStates + "(", StringComparison.Ordinal));

        var pending = state with { State = OAuthStateStore.NewState(expiresAt) };
        await states.SaveAsync(pending);
        var rows = new List<TableEntity>();
        var hour = "b" + pending.State[..10];
        await foreach (var row in deployment.Tables.GetTableClient(TableNames.OAuthStates).QueryAsync<TableEntity>(r => r.PartitionKey == hour))
        {
            rows.Add(row);
        }

        var stored = Assert.Single(rows);
        Assert.Equal(OAuthStateStore.RowKeyOf(pending.State), stored.RowKey);
        Assert.DoesNotContain(pending.State, stored.RowKey + stored.GetString("Json"), StringComparison.Ordinal);
    }
}

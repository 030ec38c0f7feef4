using Credentials.TestSupport.Webhooks;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Credentials.Core.Hosting;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;
using Credentials.Core.Webhooks;
using Credentials.IntegrationTests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.IntegrationTests.Webhooks;

/// <summary>
/// The webhook services as the app registers them (AddCredentialsService), over the collection's Azurite, with a fake clock,
/// captured logs and a count of index rows the storage queries return. Starts from an empty delivery index.
/// </summary>
public sealed class WebhookHarness : IAsyncDisposable
{
    /// <summary>When every test starts.</summary>
    public static readonly DateTimeOffset Start = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider services;

    private WebhookHarness(ServiceProvider services, IndexReadCounter reads, FakeLogCollector logs)
    {
        this.services = services;
        IndexReads = reads;
        Logs = logs;
    }

    /// <summary>The clock every service reads.</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)services.GetRequiredService<TimeProvider>();

    /// <summary>Index rows returned by queries of the delivery index so far.</summary>
    public IndexReadCounter IndexReads { get; }

    /// <summary>Every log record.</summary>
    public FakeLogCollector Logs { get; }

    public WebhookDeliveryService Deliveries => services.GetRequiredService<WebhookDeliveryService>();
    public WebhookOutbox Outbox => services.GetRequiredService<WebhookOutbox>();
    public TenantService Tenants => services.GetRequiredService<TenantService>();
    public WebhookSecretService Secrets => services.GetRequiredService<WebhookSecretService>();
    public TableProvider Tables => services.GetRequiredService<TableProvider>();

    public static async Task<WebhookHarness> StartAsync(AzuriteTables azurite)
    {
        var reads = new IndexReadCounter();
        var options = new TableClientOptions();
        options.AddPolicy(reads, HttpPipelinePosition.PerCall);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Credentials:TableStorage"] = azurite.ConnectionString,
            ["Credentials:SecretStore"] = "Local",
            ["Credentials:LocalSecretKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["Credentials:AllowInsecureLoopback"] = "true",
        }).Build();

        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        collection.AddSingleton(new TableProvider(new TableServiceClient(azurite.ConnectionString, options)));
        collection.AddFakeLogging();
        collection.AddCredentialsService(configuration, new DevelopmentEnvironment());
        var provider = collection.BuildServiceProvider();
        var harness = new WebhookHarness(provider, reads, provider.GetFakeLogCollector());

        // Tests of this collection run one at a time; rows another test left (future retries) must not count here.
        var index = await harness.Tables.GetTableAsync(TableNames.WebhookDeliveries);
        await foreach (var row in index.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            await index.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        reads.Reset();
        return harness;
    }

    /// <summary>A tenant whose webhook goes to <paramref name="webhookUrl"/>, and its signing secret.</summary>
    public async Task<(string TenantId, string Secret)> CreateTenantAsync(string? webhookUrl)
    {
        var (tenant, _) = await Tenants.CreateTenantAsync("Hooks");
        await Tenants.UpdateSettingsAsync(tenant.TenantId, [], webhookUrl);
        var secret = await Secrets.RotateAsync(tenant.TenantId);
        return (tenant.TenantId, secret.Secret);
    }

    /// <summary>
    /// What a state change does: prepare the event, then commit a (dummy) credential row and the outbox row in one batch.
    /// </summary>
    public async Task<WebhookEvent> QueueEventAsync(string tenantId, DateTimeOffset? at = null, string type = WebhookEventTypes.CredentialCreated)
    {
        var credentialId = ResourceIds.New(ResourceIds.Credential);
        var e = WebhookEvent.Create(type, tenantId, credentialId, new JsonObject { ["credentialId"] = credentialId, ["status"] = "active" }, at ?? Clock.GetUtcNow());
        var outbox = await Outbox.PrepareAsync(e, CancellationToken.None);
        Assert.NotNull(outbox);
        var credentials = await Tables.GetTableAsync(TableNames.Credentials);
        await TableBatch.SubmitAsync(credentials, [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(CredentialRowKeys.Partition(credentialId), CredentialRowKeys.Row(credentialId)) { ["TenantId"] = tenantId }),
            outbox,
        ]);
        return e;
    }

    /// <summary>One delivery run at the fake clock's now.</summary>
    public Task<WebhookDeliveryCounts> DeliverAsync() => Deliveries.DeliverDueAsync(Clock.GetUtcNow(), TimeSpan.FromSeconds(40), CancellationToken.None);

    /// <summary>The event's outbox row, or null.</summary>
    public async Task<TableEntity?> OutboxRowAsync(WebhookEvent e)
    {
        var credentials = await Tables.GetTableAsync(TableNames.Credentials);
        var response = await credentials.GetEntityIfExistsAsync<TableEntity>(CredentialRowKeys.Partition(e.CredentialId), OutboxRows.RowKey(e.Id));
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The event's index rows (normally exactly one while it is pending).</summary>
    public async Task<List<TableEntity>> IndexRowsAsync(WebhookEvent e)
    {
        var index = await Tables.GetTableAsync(TableNames.WebhookDeliveries);
        var rows = new List<TableEntity>();
        await foreach (var row in index.QueryAsync<TableEntity>(r => r.PartitionKey == WebhookDeliveryIndex.Shard(e.Id)))
        {
            if (row.RowKey.EndsWith("|" + e.Id, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>True when the credential's partition holds only the credential row again.</summary>
    public async Task<bool> OnlyTheCredentialRowIsLeftAsync(WebhookEvent e)
    {
        var credentials = await Tables.GetTableAsync(TableNames.Credentials);
        var keys = new List<string>();
        await foreach (var row in credentials.QueryAsync<TableEntity>(r => r.PartitionKey == CredentialRowKeys.Partition(e.CredentialId)))
        {
            keys.Add(row.RowKey);
        }

        return keys.SequenceEqual([CredentialRowKeys.Row(e.CredentialId)]) && (await IndexRowsAsync(e)).Count == 0;
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "Credentials.IntegrationTests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

/// <summary>Counts the entities that queries of the delivery index return (what the deliverer reads).</summary>
public sealed class IndexReadCounter : HttpPipelineSynchronousPolicy
{
    private int rows;

    public int Rows => Volatile.Read(ref rows);

    public void Reset() => Interlocked.Exchange(ref rows, 0);

    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request.Method == RequestMethod.Get
            && message.Request.Uri.Path.Contains("/" + TableNames.WebhookDeliveries + "()", StringComparison.Ordinal)
            && message.Response.Status == 200)
        {
            using var document = JsonDocument.Parse(message.Response.Content);
            if (document.RootElement.TryGetProperty("value", out var value))
            {
                Interlocked.Add(ref rows, value.GetArrayLength());
            }
        }
    }
}

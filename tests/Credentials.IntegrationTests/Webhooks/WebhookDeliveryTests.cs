using System.Globalization;
using Credentials.Core.Webhooks;
using Credentials.IntegrationTests.Storage;
using Credentials.TestSupport.Webhooks;
using Microsoft.Extensions.Logging;

namespace Credentials.IntegrationTests.Webhooks;

[Collection(AzuriteCollection.Name)]
public sealed class WebhookDeliveryTests(AzuriteTables azurite) : IAsyncLifetime
{
    private WebhookHarness harness = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        harness = await WebhookHarness.StartAsync(azurite);
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task AQueuedEventIsDeliveredOnceSignedWithTheTenantsSecretAndItsRowsRemoved()
    {
        var (tenantId, secret) = await harness.CreateTenantAsync(receiver.HookUrl);
        var e = await harness.QueueEventAsync(tenantId);
        Assert.NotNull(await harness.OutboxRowAsync(e));
        Assert.Single(await harness.IndexRowsAsync(e));

        var counts = await harness.DeliverAsync();

        Assert.Equal(new WebhookDeliveryCounts(1, 0, 0, 0, 0, 0), counts);
        var request = Assert.Single(receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.Equal("application/json; charset=utf-8", request.Header("content-type"));
        Assert.Equal(e.Id, request.Header("webhook-id"));
        Assert.Equal(harness.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Header("webhook-timestamp"));
        Assert.Matches("^v1,[A-Za-z0-9+/]{43}=$", request.Header("webhook-signature"));
        Assert.Equal(e.ToJson(), request.Body);
        Assert.True(Verify(secret, request));
        Assert.False(Verify((await harness.CreateTenantAsync(receiver.HookUrl)).Secret, request));
        Assert.True(await harness.OnlyTheCredentialRowIsLeftAsync(e));

        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 0, 0, 0), await harness.DeliverAsync());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task AFailedAttemptIsRetriedOnlyAfterTheBackoffAndThenDeliveredOnce()
    {
        var (tenantId, secret) = await harness.CreateTenantAsync(receiver.HookUrl);
        var e = await harness.QueueEventAsync(tenantId);
        receiver.Answer(500);

        Assert.Equal(new WebhookDeliveryCounts(0, 1, 0, 0, 0, 0), await harness.DeliverAsync());
        var outbox = (await harness.OutboxRowAsync(e))!;
        Assert.Equal(1, outbox.GetInt32("Attempts"));
        var next = outbox.GetDateTimeOffset("NextAttemptAt")!.Value;
        Assert.InRange(next - WebhookHarness.Start, TimeSpan.FromSeconds(22.5), TimeSpan.FromSeconds(30));
        var index = Assert.Single(await harness.IndexRowsAsync(e));
        Assert.StartsWith(WebhookTimes.ToKey(next) + "|", index.RowKey, StringComparison.Ordinal);

        harness.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 0, 0, 0), await harness.DeliverAsync());
        Assert.Single(receiver.Received);

        harness.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(new WebhookDeliveryCounts(1, 0, 0, 0, 0, 0), await harness.DeliverAsync());

        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.Equal(e.Id, r.Header("webhook-id")));
        Assert.All(receiver.Received, r => Assert.Equal(e.ToJson(), r.Body));
        Assert.Equal((WebhookHarness.Start.AddSeconds(31)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), receiver.Received[1].Header("webhook-timestamp"));
        Assert.True(Verify(secret, receiver.Received[1]));
        Assert.True(await harness.OnlyTheCredentialRowIsLeftAsync(e));
    }

    [Fact]
    public async Task GoneDisablesTheTenantsWebhookAndDropsTheEvent()
    {
        var (tenantId, _) = await harness.CreateTenantAsync(receiver.HookUrl);
        var e = await harness.QueueEventAsync(tenantId);
        receiver.Answer(410);

        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 1, 0, 0), await harness.DeliverAsync());

        var tenant = await harness.Tenants.GetTenantAsync(tenantId);
        Assert.Equal(harness.Clock.GetUtcNow(), tenant.WebhookDisabledAt);
        Assert.Equal(receiver.HookUrl, tenant.WebhookUrl);
        Assert.True(await harness.OnlyTheCredentialRowIsLeftAsync(e));
        Assert.Null(await harness.Outbox.PrepareAsync(WebhookEvent.Create(WebhookEventTypes.CredentialDeleted, tenantId, e.CredentialId, new System.Text.Json.Nodes.JsonObject(), harness.Clock.GetUtcNow()), CancellationToken.None));
        harness.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 0, 0, 0), await harness.DeliverAsync());
        Assert.Single(receiver.Received);

        // Saving the settings again turns delivery back on.
        var saved = await harness.Tenants.UpdateSettingsAsync(tenantId, [], receiver.HookUrl);
        Assert.Null(saved.WebhookDisabledAt);
        await harness.QueueEventAsync(tenantId);
        Assert.Equal(1, (await harness.DeliverAsync()).Delivered);
    }

    [Fact]
    public async Task EventsOfATenantWithoutAWebhookAnymoreAreDiscardedUnsent()
    {
        var (tenantId, _) = await harness.CreateTenantAsync(receiver.HookUrl);
        var e = await harness.QueueEventAsync(tenantId);
        await harness.Tenants.UpdateSettingsAsync(tenantId, [], null);

        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 0, 1, 0), await harness.DeliverAsync());

        Assert.Empty(receiver.Received);
        Assert.True(await harness.OnlyTheCredentialRowIsLeftAsync(e));
    }

    [Fact]
    public async Task ARedirectIsNotFollowedAndCountsAsAFailure()
    {
        var (tenantId, _) = await harness.CreateTenantAsync(receiver.HookUrl);
        var e = await harness.QueueEventAsync(tenantId);
        receiver.Answer(302);

        Assert.Equal(new WebhookDeliveryCounts(0, 1, 0, 0, 0, 0), await harness.DeliverAsync());

        var request = Assert.Single(receiver.Received);
        Assert.Equal("/hook", request.Path);
        Assert.Equal(1, (await harness.OutboxRowAsync(e))!.GetInt32("Attempts"));
    }

    [Fact]
    public async Task AnEventStillFailing24HoursAfterItOccurredIsDroppedWithAWarning()
    {
        var (tenantId, secret) = await harness.CreateTenantAsync(receiver.HookUrl);
        var e = await harness.QueueEventAsync(tenantId);
        receiver.DefaultStatus = 503;

        var runs = new List<WebhookDeliveryCounts>();
        for (var hour = 0; hour <= 24; hour++)
        {
            runs.Add(await harness.DeliverAsync());
            harness.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(24, runs.Sum(r => r.Retried));
        Assert.Equal(new WebhookDeliveryCounts(0, 0, 1, 0, 0, 0), runs[^1]);
        Assert.Equal(25, receiver.Received.Count);
        Assert.True(await harness.OnlyTheCredentialRowIsLeftAsync(e));
        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 0, 0, 0), await harness.DeliverAsync());

        var warning = Assert.Single(harness.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains(e.Id, warning.Message, StringComparison.Ordinal);
        Assert.Contains(e.Type, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Message.Contains(secret, StringComparison.Ordinal) || r.Message.Contains("/hook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnIndexRowWithoutItsOutboxRowIsRemovedOnlyAfterTheGracePeriodAndNothingIsSent()
    {
        var (tenantId, _) = await harness.CreateTenantAsync(receiver.HookUrl);
        var e = WebhookEvent.Create(WebhookEventTypes.CredentialCreated, tenantId, Core.Ids.ResourceIds.New(Core.Ids.ResourceIds.Credential), new System.Text.Json.Nodes.JsonObject(), harness.Clock.GetUtcNow());
        Assert.NotNull(await harness.Outbox.PrepareAsync(e, CancellationToken.None));
        // The transaction never commits (a lost race, a crash): no outbox row.

        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 0, 0, 0), await harness.DeliverAsync());
        Assert.Single(await harness.IndexRowsAsync(e));

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new WebhookDeliveryCounts(0, 0, 0, 0, 0, 1), await harness.DeliverAsync());
        Assert.Empty(await harness.IndexRowsAsync(e));
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task ARunReadsOnlyTheDueIndexRowsAndLeavesLaterOnesUntouched()
    {
        var (tenantId, _) = await harness.CreateTenantAsync(receiver.HookUrl);
        var later = new List<WebhookEvent>();
        for (var i = 0; i < 30; i++)
        {
            later.Add(await harness.QueueEventAsync(tenantId, harness.Clock.GetUtcNow().AddMinutes(10 + i)));
        }

        var due = await harness.QueueEventAsync(tenantId);
        harness.IndexReads.Reset();

        Assert.Equal(new WebhookDeliveryCounts(1, 0, 0, 0, 0, 0), await harness.DeliverAsync());

        Assert.Equal(1, harness.IndexReads.Rows);
        Assert.Equal(due.Id, Assert.Single(receiver.Received).Header("webhook-id"));
        foreach (var e in later)
        {
            Assert.Equal(0, (await harness.OutboxRowAsync(e))!.GetInt32("Attempts"));
            Assert.Single(await harness.IndexRowsAsync(e));
        }
    }

    private bool Verify(string secret, ReceivedWebhook request)
        => StandardWebhookVerifier.Verify(secret, request.Header("webhook-id"), request.Header("webhook-timestamp"), request.Header("webhook-signature"), request.Body, harness.Clock.GetUtcNow());
}

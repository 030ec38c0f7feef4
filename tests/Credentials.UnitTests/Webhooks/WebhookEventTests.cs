using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Credentials.Core.Ids;
using Credentials.Core.Webhooks;

namespace Credentials.UnitTests.Webhooks;

public partial class WebhookEventTests
{
    private static readonly string TenantId = ResourceIds.New(ResourceIds.Tenant);
    private static readonly string CredentialId = ResourceIds.New(ResourceIds.Credential);
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2));

    [Fact]
    public void AnEventHasAMsgIdAndSerialisesInTheStandardWebhooksShape()
    {
        var e = WebhookEvent.Create(WebhookEventTypes.CredentialInvalid, TenantId, CredentialId, new JsonObject { ["status"] = "invalid" }, At.AddTicks(1234));

        Assert.Matches(EventId(), e.Id);
        Assert.Equal(At.ToUniversalTime(), e.OccurredAt);
        Assert.Equal(TimeSpan.Zero, e.OccurredAt.Offset);
        var json = JsonDocument.Parse(e.ToJson()).RootElement;
        Assert.Equal(["id", "type", "timestamp", "tenantId", "credentialId", "data"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(e.Id, json.GetProperty("id").GetString());
        Assert.Equal("credential.invalid", json.GetProperty("type").GetString());
        Assert.Equal(At.ToUniversalTime(), json.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("invalid", json.GetProperty("data").GetProperty("status").GetString());
        Assert.NotEqual(e.Id, WebhookEvent.Create(WebhookEventTypes.CredentialInvalid, TenantId, CredentialId, new JsonObject(), At).Id);
    }

    [Fact]
    public void TheDataIsCopiedSoLaterChangesDoNotReachTheEvent()
    {
        var data = new JsonObject { ["name"] = "before" };
        var e = WebhookEvent.Create(WebhookEventTypes.CredentialCreated, TenantId, CredentialId, data, At);

        data["name"] = "after";

        Assert.Equal("before", e.Data["name"]!.GetValue<string>());
    }

    [Fact]
    public void UnknownTypesBadIdsAndNonObjectDataAreRefused()
    {
        Assert.Throws<ArgumentException>(() => WebhookEvent.Create("credential.updated", TenantId, CredentialId, new JsonObject(), At));
        Assert.Throws<ArgumentException>(() => WebhookEvent.Create(WebhookEventTypes.CredentialCreated, "ten-x", CredentialId, new JsonObject(), At));
        Assert.Throws<ArgumentException>(() => WebhookEvent.Create(WebhookEventTypes.CredentialCreated, TenantId, "crd/../x", new JsonObject(), At));
        Assert.Throws<ArgumentException>(() => WebhookEvent.Create(WebhookEventTypes.CredentialCreated, TenantId, CredentialId, new JsonArray(), At));
    }

    [Fact]
    public void TheOutboxRowSharesItsUsersPartitionAndIsDueWhenTheEventOccurred()
    {
        var e = WebhookEvent.Create(WebhookEventTypes.CredentialDeleted, TenantId, CredentialId, new JsonObject(), At);

        var action = OutboxRows.Add(e);

        Assert.Equal(TableTransactionActionType.Add, action.ActionType);
        Assert.Equal(ResourceIds.UserOfCredential(CredentialId), action.Entity.PartitionKey);
        Assert.Equal("outbox|" + e.Id, action.Entity.RowKey);
        var row = Assert.IsType<WebhookOutboxEntity>(action.Entity);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(e.OccurredAt, row.NextAttemptAt);
        Assert.Equal(e.ToJson(), row.Body);
    }

    [Fact]
    public void AnOversizedEventIsRefusedBeforeAnythingIsWritten()
    {
        var e = WebhookEvent.Create(WebhookEventTypes.CredentialCreated, TenantId, CredentialId, new JsonObject { ["big"] = new string('x', 40_000) }, At);

        Assert.Throws<ArgumentException>(() => OutboxRows.Add(e));
    }

    [Fact]
    public void IndexKeysSortByTimeAndShardsAreStable()
    {
        var e = WebhookEvent.Create(WebhookEventTypes.CredentialCreated, TenantId, CredentialId, new JsonObject(), At);

        Assert.Equal($"20260304030607891|{CredentialId}|{e.Id}", WebhookDeliveryIndex.RowKey(e.OccurredAt, CredentialId, e.Id));
        Assert.Equal(WebhookDeliveryIndex.Shard(e.Id), WebhookDeliveryIndex.Shard(e.Id));
        Assert.Contains(WebhookDeliveryIndex.Shard(e.Id), WebhookDeliveryIndex.Shards);
        var shards = Enumerable.Range(0, 400).Select(i => WebhookDeliveryIndex.Shard($"msg_{i}")).Distinct().Count();
        Assert.Equal(WebhookDeliveryIndex.ShardCount, shards);

        var bound = WebhookDeliveryIndex.DueBound(At);
        Assert.True(string.CompareOrdinal(WebhookDeliveryIndex.RowKey(At, CredentialId, e.Id), bound) < 0);
        Assert.True(string.CompareOrdinal(WebhookDeliveryIndex.RowKey(At.AddMilliseconds(1), CredentialId, e.Id), bound) > 0);
    }

    [GeneratedRegex("^msg_[a-z2-7]{26}$")]
    private static partial Regex EventId();
}

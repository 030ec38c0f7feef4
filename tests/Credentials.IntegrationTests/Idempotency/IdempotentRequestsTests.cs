using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using Credentials.Core.Errors;
using Credentials.Core.Idempotency;
using Credentials.Core.Ids;
using Credentials.Core.Storage;
using Credentials.IntegrationTests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.IntegrationTests.Idempotency;

/// <summary>
/// IdempotentRequests over the real table in Azurite on a fake clock. The cleanup deletes across tenants, so the tests that
/// count what it reads live in hours no other test of this class uses (2001 and 2002; the rest run in 2030).
/// </summary>
[Collection(AzuriteCollection.Name)]
public class IdempotentRequestsTests(AzuriteTables azurite)
{
    private static readonly DateTimeOffset Later = new(2030, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ARetryOfTheSameRequestGetsTheStoredAnswerAndTheHandlerRunsOnce()
    {
        var (requests, _, _) = Build(Later);
        var tenantId = NewTenant();
        var key = Key("order-1");
        var runs = 0;

        var first = await requests.RunAsync(tenantId, key, "fp-1", () => Answer(ref runs, "{\"id\":\"usr-1\"}"));
        var second = await requests.RunAsync(tenantId, key, "fp-1", () => Answer(ref runs, "{\"id\":\"usr-2\"}"));

        Assert.Equal(1, runs);
        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(201, second.Response.StatusCode);
        Assert.Equal("/api/things/usr-1", second.Response.Location);
        Assert.Equal(first.Response.Body.ToArray(), second.Response.Body.ToArray());
    }

    [Fact]
    public async Task ADifferentRequestWithAUsedKeyIsRefusedAndNothingRuns()
    {
        var (requests, _, _) = Build(Later);
        var tenantId = NewTenant();
        var runs = 0;
        await requests.RunAsync(tenantId, Key("k"), "fp-1", () => Answer(ref runs, "{}"));

        var e = await Assert.ThrowsAsync<ServiceException>(() => requests.RunAsync(tenantId, Key("k"), "fp-2", () => Answer(ref runs, "{}")));

        Assert.Equal(ErrorCodes.IdempotencyKeyReused, e.Code);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task TheSameKeyOfAnotherTenantIsAnotherKey()
    {
        var (requests, _, _) = Build(Later);
        var runs = 0;
        await requests.RunAsync(NewTenant(), Key("shared"), "fp-1", () => Answer(ref runs, "{}"));

        var other = await requests.RunAsync(NewTenant(), Key("shared"), "fp-other", () => Answer(ref runs, "{}"));

        Assert.False(other.Replayed);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task AFailedAttemptReleasesTheKeySoACorrectedRetryRuns()
    {
        var (requests, store, _) = Build(Later);
        var tenantId = NewTenant();
        var key = Key("fix-me");

        await Assert.ThrowsAsync<ServiceException>(() => requests.RunAsync(tenantId, key, "fp-bad", () => throw ServiceException.Invalid("username", "bad")));
        Assert.Null(await store.GetAsync(tenantId, key.StorageId(tenantId)));

        // A 4xx answered without an exception is released too.
        var refused = await requests.RunAsync(tenantId, key, "fp-bad-2", () => Task.FromResult(new StoredResponse(409, null, "{}"u8.ToArray())));
        Assert.Equal(409, refused.Response.StatusCode);
        Assert.Null(await store.GetAsync(tenantId, key.StorageId(tenantId)));

        var runs = 0;
        var corrected = await requests.RunAsync(tenantId, key, "fp-good", () => Answer(ref runs, "{}"));
        Assert.False(corrected.Replayed);
        Assert.Equal(1, runs);
        Assert.Equal(IdempotencyState.Completed, (await store.GetAsync(tenantId, key.StorageId(tenantId)))!.Value.Record.State);
    }

    [Fact]
    public async Task AnAttemptInProgressAnswers409UntilItIsAbandonedThenTheNextRequestTakesOver()
    {
        var (requests, store, clock) = Build(Later);
        var tenantId = NewTenant();
        var key = Key("slow");
        var release = new TaskCompletionSource();
        var slowRuns = 0;
        var slow = requests.RunAsync(tenantId, key, "fp", async () =>
        {
            Interlocked.Increment(ref slowRuns);
            await release.Task;
            return new StoredResponse(201, "/api/things/slow", "{\"id\":\"slow\"}"u8.ToArray());
        });
        await WaitUntilAsync(() => Volatile.Read(ref slowRuns) == 1);

        var runs = 0;
        var busy = await Assert.ThrowsAsync<ServiceException>(() => requests.RunAsync(tenantId, key, "fp", () => Answer(ref runs, "{}")));
        Assert.Equal(ErrorCodes.Conflict, busy.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), busy.RetryAfter);
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, (await Assert.ThrowsAsync<ServiceException>(() => requests.RunAsync(tenantId, key, "fp-other", () => Answer(ref runs, "{}")))).Code);

        clock.Advance(IdempotentRequests.AbandonedAfter - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ServiceException>(() => requests.RunAsync(tenantId, key, "fp", () => Answer(ref runs, "{}")));
        Assert.Equal(0, runs);

        clock.Advance(TimeSpan.FromSeconds(1));
        var takeover = await requests.RunAsync(tenantId, key, "fp", () => Answer(ref runs, "{\"id\":\"takeover\"}"));
        Assert.False(takeover.Replayed);
        Assert.Equal(1, runs);

        // The presumed-dead attempt finishes after all: its answer is not stored over the one that took over.
        release.SetResult();
        await slow;
        var replay = await requests.RunAsync(tenantId, key, "fp", () => Answer(ref runs, "{}"));
        Assert.True(replay.Replayed);
        Assert.Equal("{\"id\":\"takeover\"}", Encoding.UTF8.GetString(replay.Response.Body.Span));
        Assert.Equal(1, runs);
        Assert.NotNull(await store.GetAsync(tenantId, key.StorageId(tenantId)));
    }

    [Fact]
    public async Task ASuccessWhoseAnswerCannotBeStoredIsStillTheAnswer()
    {
        var store = new UnwritableAnswersStore(azurite.NewProvider());
        var clock = new FakeTimeProvider(Later);
        var requests = new IdempotentRequests(store, clock, NullLogger<IdempotentRequests>.Instance);
        var tenantId = NewTenant();
        var runs = 0;

        var outcome = await requests.RunAsync(tenantId, Key("lost"), "fp", () => Answer(ref runs, "{}"));

        Assert.Equal(201, outcome.Response.StatusCode);
        Assert.False(outcome.Replayed);

        // The resource exists, so the key is not released: a retry waits instead of creating a second one.
        var busy = await Assert.ThrowsAsync<ServiceException>(() => requests.RunAsync(tenantId, Key("lost"), "fp", () => Answer(ref runs, "{}")));
        Assert.Equal(ErrorCodes.Conflict, busy.Code);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task ConcurrentFirstRequestsRunTheHandlerOnce()
    {
        var (requests, _, _) = Build(Later);
        var tenantId = NewTenant();
        var runs = 0;
        var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await requests.RunAsync(tenantId, Key("race"), "fp", async () =>
                {
                    Interlocked.Increment(ref runs);
                    await Task.Delay(50);
                    return new StoredResponse(201, "/api/things/1", "{}"u8.ToArray());
                });
            }
            catch (ServiceException e) when (e.Code == ErrorCodes.Conflict)
            {
                return null;
            }
        })).ToList();

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, runs);
        Assert.Single(outcomes, o => o is { Replayed: false });
    }

    [Fact]
    public async Task ABodyLargerThanOneTablePropertyIsReplayedWhole()
    {
        var (requests, _, _) = Build(Later);
        var tenantId = NewTenant();
        var body = Encoding.UTF8.GetBytes("{\"blob\":\"" + new string('x', 200_000) + "\"}");
        await requests.RunAsync(tenantId, Key("big"), "fp", () => Task.FromResult(new StoredResponse(200, null, body)));

        var replay = await requests.RunAsync(tenantId, Key("big"), "fp", () => throw new InvalidOperationException("must not run"));

        Assert.True(replay.Replayed);
        Assert.Null(replay.Response.Location);
        Assert.Equal(body, replay.Response.Body.ToArray());
    }

    [Fact]
    public async Task ARecordCountsFor24HoursThenTheKeyRunsAgain()
    {
        var (requests, _, clock) = Build(Later);
        var tenantId = NewTenant();
        var runs = 0;
        await requests.RunAsync(tenantId, Key("daily"), "fp", () => Answer(ref runs, "{}"));

        clock.Advance(IdempotencyRecord.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True((await requests.RunAsync(tenantId, Key("daily"), "fp", () => Answer(ref runs, "{}"))).Replayed);
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, (await Assert.ThrowsAsync<ServiceException>(() => requests.RunAsync(tenantId, Key("daily"), "fp-2", () => Answer(ref runs, "{}")))).Code);

        clock.Advance(TimeSpan.FromSeconds(1));
        var again = await requests.RunAsync(tenantId, Key("daily"), "fp-2", () => Answer(ref runs, "{}"));

        Assert.False(again.Replayed);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task CleanupDeletesOnlyRecordsOfExpiredHoursAndReadsNothingElse()
    {
        var counter = new QueriedRowCounter();
        var start = new DateTimeOffset(2001, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var (requests, store, clock) = Build(start, counter);
        var tenantId = NewTenant();
        var runs = 0;
        await requests.RunAsync(tenantId, Key("a"), "fp", () => Answer(ref runs, "{}"));        // expires 03-02 00:00
        clock.Advance(TimeSpan.FromHours(2));
        await requests.RunAsync(tenantId, Key("b"), "fp", () => Answer(ref runs, "{}"));        // expires 03-02 02:00
        clock.Advance(TimeSpan.FromHours(18));
        await requests.RunAsync(tenantId, Key("c"), "fp", () => Answer(ref runs, "{}"));        // expires 03-02 20:00

        // 03-02 02:30: a and b have expired, but only a's hour is over.
        clock.SetUtcNow(start + TimeSpan.FromHours(26.5));
        counter.Reset();
        Assert.Equal(1, await requests.DeleteExpiredAsync());
        Assert.Equal(1, counter.Rows);
        Assert.Null(await store.GetAsync(tenantId, Key("a").StorageId(tenantId)));
        Assert.NotNull(await store.GetAsync(tenantId, Key("b").StorageId(tenantId)));
        Assert.NotNull(await store.GetAsync(tenantId, Key("c").StorageId(tenantId)));

        // An hour on, b's hour is over too; c is live and still replays.
        clock.Advance(TimeSpan.FromHours(1));
        counter.Reset();
        Assert.Equal(1, await requests.DeleteExpiredAsync());
        Assert.Equal(1, counter.Rows);
        Assert.Null(await store.GetAsync(tenantId, Key("b").StorageId(tenantId)));
        Assert.True((await requests.RunAsync(tenantId, Key("c"), "fp", () => Answer(ref runs, "{}"))).Replayed);
        Assert.Equal(3, runs);

        // Nothing left to delete before c's hour, and nothing read.
        counter.Reset();
        Assert.Equal(0, await requests.DeleteExpiredAsync());
        Assert.Equal(0, counter.Rows);
    }

    [Fact]
    public async Task CleanupKeepsAKeyClaimedAgainAfterItExpired()
    {
        var start = new DateTimeOffset(2002, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var (requests, store, clock) = Build(start);
        var tenantId = NewTenant();
        var runs = 0;
        await requests.RunAsync(tenantId, Key("reused"), "fp-1", () => Answer(ref runs, "{}"));
        clock.Advance(TimeSpan.FromHours(25));
        await requests.RunAsync(tenantId, Key("reused"), "fp-2", () => Answer(ref runs, "{}"));

        // The first use's hour is over; its index row names the key, whose record is the second, live use.
        clock.Advance(TimeSpan.FromHours(1));
        await requests.DeleteExpiredAsync();

        var found = await store.GetAsync(tenantId, Key("reused").StorageId(tenantId));
        Assert.NotNull(found);
        Assert.Equal("fp-2", found.Value.Record.Fingerprint);
        Assert.True((await requests.RunAsync(tenantId, Key("reused"), "fp-2", () => Answer(ref runs, "{}"))).Replayed);
    }

    [Fact]
    public async Task TheRawKeyIsStoredNowhere()
    {
        var (requests, _, _) = Build(Later);
        var tenantId = NewTenant();
        const string raw = "raw-key-canary-7f3a9c";
        var runs = 0;
        await requests.RunAsync(tenantId, Key(raw), "fp", () => Answer(ref runs, "{}"));

        var table = azurite.Service.GetTableClient(TableNames.Idempotency);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        Assert.Contains(rows, r => r.PartitionKey.EndsWith(tenantId, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.PartitionKey.Contains(raw, StringComparison.Ordinal) || r.RowKey.Contains(raw, StringComparison.Ordinal)
            || ((IDictionary<string, object>)r).Values.Any(v => v is string s && s.Contains(raw, StringComparison.Ordinal)));
    }

    private (IdempotentRequests Requests, IdempotencyStore Store, FakeTimeProvider Clock) Build(DateTimeOffset start, QueriedRowCounter? counter = null)
    {
        var options = new TableClientOptions();
        if (counter is not null)
        {
            options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        }

        var store = new IdempotencyStore(new TableProvider(new TableServiceClient(azurite.ConnectionString, options)));
        var clock = new FakeTimeProvider(start);
        return (new IdempotentRequests(store, clock, NullLogger<IdempotentRequests>.Instance), store, clock);
    }

    private static string NewTenant() => ResourceIds.New(ResourceIds.Tenant);

    private static IdempotencyKey Key(string value) => IdempotencyKey.FromHeader([value])!;

    private static Task<StoredResponse> Answer(ref int runs, string json)
    {
        var run = Interlocked.Increment(ref runs);
        return Task.FromResult(new StoredResponse(201, $"/api/things/usr-{run}", Encoding.UTF8.GetBytes(json)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

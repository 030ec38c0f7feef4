using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.UnitTests.DevServer;

// Function classes that DevServer discovers in this test assembly: the shapes the real Functions project uses.

public sealed class SampleHttpFunctions(SampleDependency dependency)
{
    [Function("SampleEcho")]
    public static IResult Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "samples/{sampleId}/items/{*rest}")] HttpRequest request,
        string sampleId,
        string rest)
        => TypedResults.Ok(new { sampleId, rest });

    [Function("SampleDisabled")]
    public static IResult Disabled([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "samples/disabled")] HttpRequest request)
        => TypedResults.Ok();

    [Function("SampleDefaultRoute")]
    public static IResult DefaultRoute([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post")] HttpRequest request)
        => TypedResults.Ok(new { method = request.Method });

    [Function("SampleFailure")]
    public static IResult Failure([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "samples/failure")] HttpRequest request)
        => throw new InvalidOperationException("canary-secret-detail");

    [Function("SampleInjected")]
    public async Task<IResult> InjectedAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "samples/injected/{id:int}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return TypedResults.Ok(new { id, dependency = dependency.Id });
    }

    [Function("SampleActionResult")]
    public static IActionResult ActionResult([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "samples/action")] HttpRequest request)
        => new OkObjectResult(new { kind = "action" });
}

public sealed class SampleTimerFunctions(SampleTimerLog log)
{
    private readonly Guid _instance = Guid.NewGuid();

    [Function("SampleTimer")]
    public Task RunAsync([TimerTrigger("%SampleSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        log.Record("SampleTimer", timer, _instance);
        return Task.CompletedTask;
    }

    [Function("SampleStartupTimer")]
    public void RunOnStartup([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer)
        => log.Record("SampleStartupTimer", timer, _instance);

    [Function("SampleFlakyTimer")]
    public async Task RunFlakyAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var run = log.Record("SampleFlakyTimer", timer, _instance);
        if (run.Number == 1)
        {
            throw new InvalidOperationException("The first flaky run fails.");
        }
    }
}

/// <summary>A scoped dependency with an identity, to show each request gets its own.</summary>
public sealed class SampleDependency
{
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>What the sample timers saw, readable by a test without sleeping.</summary>
public sealed class SampleTimerLog(TimeProvider time)
{
    private readonly Channel<SampleTimerRun> _runs = Channel.CreateUnbounded<SampleTimerRun>();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public SampleTimerRun Record(string function, TimerInfo timer, Guid instance)
    {
        var run = new SampleTimerRun(function, _counts.AddOrUpdate(function, 1, (_, n) => n + 1), time.GetUtcNow(), timer, instance);
        _runs.Writer.TryWrite(run);
        return run;
    }

    /// <summary>The next recorded run; fails the test if none comes within 30 s (generous: CI machines can be loaded).</summary>
    public async Task<SampleTimerRun> NextRunAsync() => await _runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
}

public sealed record SampleTimerRun(string Function, int Number, DateTimeOffset At, TimerInfo Timer, Guid Instance);

using Credentials.DevServer.Functions;
using Credentials.DevServer.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.DevServer;

public sealed class TimerFunctionServiceTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Noon = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly FunctionCatalog Catalog = FunctionCatalog.Discover([typeof(SampleTimerFunctions)]);

    private readonly FakeTimeProvider _time = new(Noon);
    private readonly FakeLogger<TimerFunctionService> _logger = new();
    private readonly SampleTimerLog _log;
    private readonly ServiceProvider _services;
    private TimerFunctionService? _service;

    public TimerFunctionServiceTests()
    {
        _log = new SampleTimerLog(_time);
        _services = new ServiceCollection().AddSingleton(_log).BuildServiceProvider();
    }

    [Fact]
    public async Task RunsAtEachOccurrenceAsTimeAdvances()
    {
        await StartAsync("SampleTimer", ("SampleSchedule", "0 */5 * * * *"));

        _time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        _time.Advance(TimeSpan.FromSeconds(1));
        var first = await _log.NextRunAsync();

        Assert.Equal(Noon.AddMinutes(5), first.At);
        Assert.False(first.Timer.IsPastDue);
        Assert.Equal(Noon.AddMinutes(10).UtcDateTime, first.Timer.ScheduleStatus!.Next);

        _time.Advance(TimeSpan.FromMinutes(5));
        var second = await _log.NextRunAsync();

        Assert.Equal(Noon.AddMinutes(10), second.At);
        Assert.Equal(Noon.AddMinutes(5).UtcDateTime, second.Timer.ScheduleStatus!.Last);
        Assert.NotEqual(first.Instance, second.Instance);
    }

    [Fact]
    public async Task MissedOccurrencesCollapseIntoOnePastDueRun()
    {
        await StartAsync("SampleTimer", ("SampleSchedule", "0 */5 * * * *"));

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(Noon.AddMinutes(5), (await _log.NextRunAsync()).At);

        // The clock jumps past three occurrences at once.
        _time.Advance(TimeSpan.FromMinutes(17));
        var late = await _log.NextRunAsync();
        Assert.Equal(Noon.AddMinutes(22), late.At);
        Assert.True(late.Timer.IsPastDue);
        Assert.Equal(Noon.AddMinutes(25).UtcDateTime, late.Timer.ScheduleStatus!.Next);

        _time.Advance(TimeSpan.FromMinutes(3));
        var next = await _log.NextRunAsync();
        Assert.Equal(Noon.AddMinutes(25), next.At);
        Assert.False(next.Timer.IsPastDue);
        Assert.Equal(3, next.Number);
    }

    [Fact]
    public async Task RunOnStartupRunsBeforeTheFirstOccurrence()
    {
        await StartAsync("SampleStartupTimer");

        var run = await _log.NextRunAsync();

        Assert.Equal(Noon, run.At);
        Assert.False(run.Timer.IsPastDue);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), run.Timer.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task AFailedRunIsLoggedAndTheScheduleContinues()
    {
        await StartAsync("SampleFlakyTimer");

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await _log.NextRunAsync()).Number);
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await _log.NextRunAsync();

        Assert.Equal(2, second.Number);
        Assert.Equal(Noon.AddMinutes(2), second.At);
        var error = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Contains("SampleFlakyTimer", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
        }

        await _services.DisposeAsync();
    }

    private async Task StartAsync(string functionName, params (string Key, string Value)[] settings)
    {
        var function = Catalog.TimerFunctions.Single(f => f.Name == functionName);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        _service = new TimerFunctionService(
            function,
            TimerSchedule.Resolve(function, configuration),
            _services.GetRequiredService<IServiceScopeFactory>(),
            _time,
            _logger);
        await _service.StartAsync(CancellationToken.None);
    }
}

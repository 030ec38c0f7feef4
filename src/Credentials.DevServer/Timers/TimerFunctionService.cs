using Credentials.DevServer.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.DevServer.Timers;

/// <summary>
/// Runs one timer function on its schedule. Time comes only from the injected <see cref="TimeProvider"/>, and the
/// wait is a <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>, so a test advancing a fake clock
/// drives the schedule without sleeping. A failed run is logged and the schedule goes on.
/// </summary>
internal sealed partial class TimerFunctionService(
    TimerFunctionDefinition function,
    TimerSchedule schedule,
    IServiceScopeFactory scopeFactory,
    TimeProvider timeProvider,
    ILogger<TimerFunctionService> logger) : BackgroundService
{
    private DateTimeOffset _startedAt;

    /// <summary>The name of the function this service runs.</summary>
    public string FunctionName => function.Name;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Anchored when the host starts rather than when ExecuteAsync gets a thread, so an occurrence passing in
        // between still runs (and a test that advances fake time right after start sees that run).
        _startedAt = timeProvider.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        var due = schedule.NextAfter(_startedAt);
        if (function.RunOnStartup)
        {
            await RunAsync(last, isPastDue: false, due, stoppingToken);
            last = _startedAt;
        }

        while (due is { } occurrence && !stoppingToken.IsCancellationRequested)
        {
            await WaitUntilAsync(occurrence, stoppingToken);

            // When later occurrences have passed too (a long previous run, a suspended machine, a clock jump), they
            // collapse into this one run, marked past due like the host's after downtime, and the schedule resumes
            // from the present: runs never pile up.
            var now = timeProvider.GetUtcNow();
            var following = schedule.NextAfter(occurrence);
            var isPastDue = following <= now;
            if (isPastDue)
            {
                following = schedule.NextAfter(now);
            }

            await RunAsync(last, isPastDue, following, stoppingToken);
            last = occurrence;
            due = following;
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset occurrence, CancellationToken stoppingToken)
    {
        var wait = occurrence - timeProvider.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        var delay = Task.Delay(wait, timeProvider, stoppingToken);

        // A clock that moved between reading it and starting the delay (a test advancing a fake clock meanwhile) would leave
        // the delay due too late; once it is started, a later move fires it, so one check after starting closes the gap.
        if (timeProvider.GetUtcNow() >= occurrence)
        {
            return;
        }

        await delay;
    }

    private async Task RunAsync(DateTimeOffset? last, bool isPastDue, DateTimeOffset? next, CancellationToken stoppingToken)
    {
        var startedAt = timeProvider.GetUtcNow();
        var timer = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus
            {
                Last = last?.UtcDateTime ?? default,
                Next = next?.UtcDateTime ?? default,
                LastUpdated = startedAt.UtcDateTime,
            },
        };
        var arguments = function.Arguments.Select(argument => argument.Source switch
        {
            FunctionArgumentSource.TimerInfo => (object)timer,
            FunctionArgumentSource.CancellationToken => stoppingToken,
            _ => throw new InvalidOperationException($"A timer function cannot take a {argument.Source} argument."),
        }).ToArray();

        LogRunning(logger, function.Name, startedAt, isPastDue);
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope)
        {
            try
            {
                await FunctionMethodInvoker.InvokeAsync(function.Method, scope.ServiceProvider, arguments);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                LogRunFailed(logger, exception, function.Name, startedAt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer function {FunctionName} runs at {StartedAt:O} (past due: {IsPastDue})")]
    private static partial void LogRunning(ILogger logger, string functionName, DateTimeOffset startedAt, bool isPastDue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed in its run at {StartedAt:O}; the schedule continues")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string functionName, DateTimeOffset startedAt);
}

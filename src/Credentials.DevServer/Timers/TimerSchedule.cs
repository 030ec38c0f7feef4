using Credentials.DevServer.Functions;
using Cronos;
using Microsoft.Extensions.Configuration;

namespace Credentials.DevServer.Timers;

/// <summary>
/// A timer function's resolved schedule: a six-field NCRONTAB expression (seconds first) evaluated in UTC, which is
/// what the host does on Linux plans (WEBSITE_TIME_ZONE is not supported there).
/// </summary>
internal sealed class TimerSchedule
{
    private readonly CronExpression _cron;

    private TimerSchedule(string expression, CronExpression cron)
    {
        Expression = expression;
        _cron = cron;
    }

    /// <summary>The schedule after app setting references were replaced.</summary>
    public string Expression { get; }

    /// <summary>Resolves <c>%Setting%</c> references in the function's schedule and parses the result.</summary>
    /// <exception cref="InvalidOperationException">A missing setting or an invalid expression; the message names the function.</exception>
    public static TimerSchedule Resolve(TimerFunctionDefinition function, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(function);
        string expression;
        try
        {
            expression = AppSettingPlaceholders.Resolve(function.Schedule, configuration);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException($"The schedule '{function.Schedule}' of timer function '{function.Name}' cannot be resolved: {exception.Message}", exception);
        }

        try
        {
            return new TimerSchedule(expression, CronExpression.Parse(expression, CronFormat.IncludeSeconds));
        }
        catch (CronFormatException exception)
        {
            throw new InvalidOperationException(
                $"The schedule '{expression}' of timer function '{function.Name}' is not a six-field NCRONTAB expression ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}): {exception.Message}",
                exception);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) => _cron.GetNextOccurrence(instant, TimeZoneInfo.Utc);
}

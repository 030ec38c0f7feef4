using Credentials.DevServer.Functions;
using Credentials.DevServer.Timers;
using Microsoft.Extensions.Configuration;

namespace Credentials.UnitTests.DevServer;

public class TimerScheduleTests
{
    private static readonly TimerFunctionDefinition SampleTimer =
        FunctionCatalog.Discover([typeof(SampleTimerFunctions)]).TimerFunctions.Single(f => f.Name == "SampleTimer");

    [Fact]
    public void ResolvesTheScheduleFromTheSettingOfExactlyThatName()
    {
        var schedule = TimerSchedule.Resolve(SampleTimer, Settings(("SampleSchedule", "0 */5 * * * *")));

        Assert.Equal("0 */5 * * * *", schedule.Expression);
        Assert.Equal(At(12, 5), schedule.NextAfter(At(12, 0)));
        Assert.Equal(At(12, 10), schedule.NextAfter(At(12, 5)));
    }

    [Theory]
    [InlineData("Credentials:SampleSchedule")]
    [InlineData("SampleSchedule:Value")]
    [InlineData("Sample_Schedule")]
    public void ASettingOfAnotherNameDoesNotCount(string otherName)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Resolve(SampleTimer, Settings((otherName, "0 */5 * * * *"))));
        Assert.Contains("SampleSchedule", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSettingIsAnErrorNamingTheSettingAndTheFunction()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Resolve(SampleTimer, Settings()));

        Assert.Contains("'SampleSchedule'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'SampleTimer'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 */5 * * *")]
    [InlineData("every five minutes")]
    public void AnExpressionThatIsNotSixFieldNcrontabIsAnErrorNamingTheFunction(string expression)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Resolve(SampleTimer, Settings(("SampleSchedule", expression))));
        Assert.Contains("'SampleTimer'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 %Minutes% * * * *", "0 */5 * * * *")]
    [InlineData("%Seconds% %Minutes% * * * *", "30 */5 * * * *")]
    [InlineData("0 0 * * * *", "0 0 * * * *")]
    public void ReplacesEveryPlaceholderLikeTheHostsNameResolver(string expression, string expected)
        => Assert.Equal(expected, AppSettingPlaceholders.Resolve(expression, Settings(("Minutes", "*/5"), ("Seconds", "30"))));

    [Fact]
    public void AnUnclosedPercentIsAnError()
        => Assert.Throws<InvalidOperationException>(() => AppSettingPlaceholders.Resolve("%Minutes", Settings(("Minutes", "*/5"))));

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static DateTimeOffset At(int hour, int minute) => new(2025, 1, 1, hour, minute, 0, TimeSpan.Zero);
}

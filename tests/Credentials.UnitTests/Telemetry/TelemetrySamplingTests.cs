using Azure.Monitor.OpenTelemetry.Exporter;
using Credentials.Core.Configuration;
using Credentials.Functions.Telemetry;
using Microsoft.Extensions.Configuration;

namespace Credentials.UnitTests.Telemetry;

public class TelemetrySamplingTests
{
    [Fact]
    public void WithoutTheSettingTheExporterKeepsItsDefaults()
    {
        var options = new AzureMonitorExporterOptions();
        var defaults = (options.SamplingRatio, options.TracesPerSecond);

        TelemetrySampling.Apply(options, Settings(null));

        Assert.Null(TelemetrySampling.Ratio(Settings(null)));
        Assert.Equal(defaults, (options.SamplingRatio, options.TracesPerSecond));
    }

    [Theory]
    [InlineData("100", 1f)]
    [InlineData("25", 0.25f)]
    [InlineData(" 1 ", 0.01f)]
    public void APercentageBecomesAFixedRatioInsteadOfTheRateLimit(string percentage, float expected)
    {
        var options = new AzureMonitorExporterOptions { TracesPerSecond = 5 };

        TelemetrySampling.Apply(options, Settings(percentage));

        Assert.Equal(expected, options.SamplingRatio);
        Assert.Null(options.TracesPerSecond);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    [InlineData("12.5")]
    [InlineData("all")]
    public void AnythingButAWholePercentageStopsStartUpNamingTheSetting(string percentage)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetrySampling.Ratio(Settings(percentage)));
        Assert.Contains(AppSettings.TelemetrySamplingPercentage, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Configuration as the host builds it from the app setting (environment variable form).</summary>
    private static IConfiguration Settings(string? percentage)
    {
        var values = new Dictionary<string, string?>();
        if (percentage is not null)
        {
            values[AppSettings.TelemetrySamplingPercentage.Replace("__", ":", StringComparison.Ordinal)] = percentage;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}

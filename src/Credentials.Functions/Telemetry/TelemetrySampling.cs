using System.Globalization;
using Azure.Monitor.OpenTelemetry.Exporter;
using Credentials.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Credentials.Functions.Telemetry;

/// <summary>The worker's trace sampling for the Azure Monitor exporter, from <see cref="AppSettings.TelemetrySamplingPercentage"/>.</summary>
public static class TelemetrySampling
{
    private static readonly string ConfigurationKey = AppSettings.TelemetrySamplingPercentage.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>
    /// With a configured percentage, the exporter keeps that share of traces (and the logs written inside them) at a
    /// fixed rate instead of its default limit of traces per second; without one, its defaults stay.
    /// </summary>
    public static void Apply(AzureMonitorExporterOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Ratio(configuration) is { } ratio)
        {
            // The exporter prefers a traces-per-second limit whenever one is set, so the limit goes.
            options.TracesPerSecond = null;
            options.SamplingRatio = ratio;
        }
    }

    /// <summary>The configured share of traces kept (0.01 to 1), or null when none is configured; a bad value stops start-up.</summary>
    public static float? Ratio(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var percentage) || percentage is < 1 or > 100)
        {
            throw new InvalidOperationException(
                $"{AppSettings.TelemetrySamplingPercentage} must be a whole number from 1 to 100 (the percentage of traces kept), not '{text}'.");
        }

        return percentage / 100f;
    }
}

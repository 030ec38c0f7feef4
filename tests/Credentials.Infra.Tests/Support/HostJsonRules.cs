using System.Text.Json.Nodes;

namespace Credentials.Infra.Tests.Support;

/// <summary>host.json carries no telemetry setting its telemetry mode ignores.</summary>
internal static class HostJsonRules
{
    /// <summary>In OpenTelemetry mode the host does not sample, so Application Insights sampling settings would only mislead.</summary>
    public static void NoApplicationInsightsSamplingInOpenTelemetryMode(string hostJson)
    {
        var root = JsonNode.Parse(hostJson)?.AsObject();
        Assert.NotNull(root);
        var mode = root["telemetryMode"]?.GetValue<string>();
        if (string.Equals(mode, "OpenTelemetry", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(
                root["logging"]?["applicationInsights"]?["samplingSettings"] is null,
                "host.json sets logging.applicationInsights.samplingSettings, which the host ignores with telemetryMode OpenTelemetry.");
        }
    }
}

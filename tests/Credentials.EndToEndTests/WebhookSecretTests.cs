using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.Core.Webhooks;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

[Collection(ServiceCollection.Name)]
public class WebhookSecretTests(ServiceFixture service)
{
    [Fact]
    public async Task TheSecretIsShownOnceAndEachCallRotatesIt()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Webhook secret");
        using var client = service.WithKey(apiKey);

        var first = await client.PostAsync("settings/webhook-secret", null);
        var second = await client.PostAsync("settings/webhook-secret", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(first.Headers.CacheControl?.NoStore);
        var firstSecret = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        var secondSecret = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
        Assert.StartsWith("whsec_", firstSecret, StringComparison.Ordinal);
        Assert.Equal(32, WebhookSecretFormat.TryDecodeKey(firstSecret)?.Length);
        Assert.StartsWith("whsec_", secondSecret, StringComparison.Ordinal);
        Assert.NotEqual(firstSecret, secondSecret);

        // Shown only by the rotation: the settings never carry it.
        var settings = await client.GetStringAsync("settings");
        Assert.DoesNotContain("whsec_", settings, StringComparison.Ordinal);
        Assert.Contains("\"webhookDisabledAt\":null", settings, StringComparison.Ordinal);

        var telemetry = service.AllTelemetryText();
        Assert.Contains(telemetry, line => line.Contains("webhook-secret", StringComparison.Ordinal));
        Assert.DoesNotContain(telemetry, line => line.Contains(firstSecret, StringComparison.Ordinal) || line.Contains(secondSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(telemetry, line => line.Contains(firstSecret["whsec_".Length..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAKeyTheRouteAnswers401()
    {
        using var anonymous = service.Anonymous();
        using var wrong = service.WithKey("cred_live_nope_nope");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("settings/webhook-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync("settings/webhook-secret", null)).StatusCode);
    }
}

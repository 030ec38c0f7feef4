using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credentials.DevServer.Storage;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Smoke;

/// <summary>scripts/smoke, the README's post-deployment check, run against DevServer so it stays correct.</summary>
[Collection(ServiceCollection.Name)]
public partial class SmokeScriptTests(ServiceFixture service)
{
    [Fact]
    public async Task SmokeScriptPassesAgainstTheServiceAndRemovesWhatItCreated()
    {
        var run = await SmokeScript.RunAsync(service.BaseAddress, ServiceFixture.AdminKey);

        Assert.True(run.ExitCode == 0, run.Describe());
        var output = run.StandardOutput;
        Assert.Contains("ok   GET /api/health", output, StringComparison.Ordinal);
        // The readiness route is checked once the service has one; until then its 404 is reported as skipped.
        var ready = output.Contains("ok   GET /api/health/ready", StringComparison.Ordinal);
        Assert.True(ready || output.Contains("skip GET /api/health/ready (404", StringComparison.Ordinal), run.Describe());
        Assert.Contains("ok   POST /api/credentials (crd-", output, StringComparison.Ordinal);
        Assert.Contains($"smoke: {(ready ? 9 : 8)} checks passed", output, StringComparison.Ordinal);
        Assert.DoesNotContain(ServiceFixture.AdminKey, output + run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("cred_live_", output + run.StandardError, StringComparison.Ordinal);

        // What it reported creating is gone: the credential answers 404 and every key of its tenant is revoked.
        var tenantId = TenantId().Match(output).Groups[1].Value;
        using var admin = service.Admin();
        var keys = await admin.GetFromJsonAsync<JsonElement>($"platform/tenants/{tenantId}/api-keys");
        var apiKeys = keys.GetProperty("apiKeys").EnumerateArray().ToList();
        Assert.NotEmpty(apiKeys);
        Assert.All(apiKeys, key => Assert.NotEqual(JsonValueKind.Null, key.GetProperty("revokedAt").ValueKind));
    }

    [Fact]
    public async Task SmokeScriptFailsNamingThePlatformRouteWhenTheAdminKeyIsRefused()
    {
        var run = await SmokeScript.RunAsync(service.BaseAddress, "not-the-platform-admin-key-0123456789");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ok   GET /api/health", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("FAIL POST /api/platform/tenants answered 401", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("checks passed", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeScriptFailsWhenNothingAnswersAtTheAddress()
    {
        var nowhere = new Uri($"http://127.0.0.1:{AzuriteLaunchOptions.FreeLoopbackPort()}/");

        var run = await SmokeScript.RunAsync(nowhere, ServiceFixture.AdminKey, waitSeconds: 0);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL GET /api/health answered 000", run.StandardError, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"POST /api/platform/tenants \((ten-[A-Za-z0-9]+)\)")]
    private static partial Regex TenantId();
}

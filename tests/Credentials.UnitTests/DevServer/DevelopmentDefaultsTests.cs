using Credentials.DevServer;
using Microsoft.AspNetCore.Builder;

namespace Credentials.UnitTests.DevServer;

public class DevelopmentDefaultsTests
{
    [Fact]
    public void DefaultsFillOnlyWhatNothingElseSets()
    {
        var builder = WebApplication.CreateBuilder(["--Credentials:AdminApiKey=from-the-command-line-and-long-enough", "--urls", "http://0.0.0.0:5099"]);

        DevelopmentDefaults.Apply(builder, "TableEndpoint=http://127.0.0.1:1/devstoreaccount1;");

        Assert.Equal("from-the-command-line-and-long-enough", builder.Configuration["Credentials:AdminApiKey"]);
        Assert.Equal("TableEndpoint=http://127.0.0.1:1/devstoreaccount1;", builder.Configuration["AzureWebJobsStorage"]);
        Assert.Equal("true", builder.Configuration["Credentials:EnableSandbox"]);
        Assert.Equal("http://localhost:5099/docs/", builder.Configuration["Credentials:DocsBaseUrl"]);
        Assert.Equal("Warning", builder.Configuration["Logging:LogLevel:Azure"]);
        Assert.Equal("Local", builder.Configuration["Credentials:SecretStore"]);
        Assert.Equal("0 */5 * * * *", builder.Configuration["RefreshSchedule"]);
        Assert.Equal("0 */1 * * * *", builder.Configuration["WebhookSchedule"]);
        Assert.Equal("http://localhost:5099", builder.Configuration["Credentials:PublicBaseUrl"]);
        Assert.Equal(32, Convert.FromBase64String(builder.Configuration["Credentials:LocalSecretKey"]!).Length);
        Assert.True(DevelopmentDefaults.AdminApiKey.Length >= 32);
    }

    [Fact]
    public void WithoutItsOwnStorageDevServerLeavesTheStorageSettingsToOtherSources()
    {
        var builder = WebApplication.CreateBuilder(["--AzureWebJobsStorage=UseDevelopmentStorage=true"]);

        DevelopmentDefaults.Apply(builder);

        Assert.Equal("UseDevelopmentStorage=true", builder.Configuration["AzureWebJobsStorage"]);
        Assert.Null(DevelopmentDefaults.Settings("http://127.0.0.1:7071").GetValueOrDefault("AzureWebJobsStorage"));
    }

    [Fact]
    public void AnExplicitEnvironmentIsLeftAlone()
    {
        Assert.Equal(["--environment", "Staging"], DevelopmentDefaults.WithEnvironment(["--environment", "Staging"]));
        Assert.Equal(["--environment=Staging"], DevelopmentDefaults.WithEnvironment(["--environment=Staging"]));
    }
}

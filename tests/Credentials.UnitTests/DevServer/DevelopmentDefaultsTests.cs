using Credentials.DevServer;
using Microsoft.AspNetCore.Builder;

namespace Credentials.UnitTests.DevServer;

public class DevelopmentDefaultsTests
{
    [Fact]
    public void DefaultsFillOnlyWhatNothingElseSets()
    {
        var builder = WebApplication.CreateBuilder(["--Credentials:AdminApiKey=from-the-command-line-and-long-enough", "--urls", "http://0.0.0.0:5099"]);

        DevelopmentDefaults.Apply(builder);

        Assert.Equal("from-the-command-line-and-long-enough", builder.Configuration["Credentials:AdminApiKey"]);
        Assert.Equal("UseDevelopmentStorage=true", builder.Configuration["AzureWebJobsStorage"]);
        Assert.Equal("Local", builder.Configuration["Credentials:SecretStore"]);
        Assert.Equal("0 */5 * * * *", builder.Configuration["RefreshSchedule"]);
        Assert.Equal("0 */1 * * * *", builder.Configuration["WebhookSchedule"]);
        Assert.Equal("http://localhost:5099", builder.Configuration["Credentials:PublicBaseUrl"]);
        Assert.Equal(32, Convert.FromBase64String(builder.Configuration["Credentials:LocalSecretKey"]!).Length);
        Assert.True(DevelopmentDefaults.AdminApiKey.Length >= 32);
    }

    [Fact]
    public void AnExplicitEnvironmentIsLeftAlone()
    {
        Assert.Equal(["--environment", "Staging"], DevelopmentDefaults.WithEnvironment(["--environment", "Staging"]));
        Assert.Equal(["--environment=Staging"], DevelopmentDefaults.WithEnvironment(["--environment=Staging"]));
    }
}

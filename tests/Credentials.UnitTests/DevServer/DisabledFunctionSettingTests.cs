using Credentials.DevServer.Functions;
using Microsoft.Extensions.Configuration;

namespace Credentials.UnitTests.DevServer;

public class DisabledFunctionSettingTests
{
    [Theory]
    [InlineData("AzureWebJobs.Refresh.Disabled", "true")]
    [InlineData("AzureWebJobs.Refresh.Disabled", "True")]
    [InlineData("AzureWebJobs.Refresh.Disabled", "1")]
    [InlineData("AzureWebJobs_Refresh_Disabled", "true")]
    [InlineData("AzureWebJobs:Refresh:Disabled", "true")]
    public void TrueOrOneDisablesTheFunction(string key, string value)
        => Assert.True(DisabledFunctionSetting.IsDisabled(Settings(key, value), "Refresh"));

    [Theory]
    [InlineData("AzureWebJobs.Refresh.Disabled", "false")]
    [InlineData("AzureWebJobs.Refresh.Disabled", "0")]
    [InlineData("AzureWebJobs.Refresh.Disabled", "yes")]
    [InlineData("AzureWebJobs.Refresh.Disabled", "")]
    [InlineData("AzureWebJobs.Other.Disabled", "true")]
    [InlineData("Refresh.Disabled", "true")]
    public void AnyOtherValueOrFunctionLeavesItEnabled(string key, string value)
        => Assert.False(DisabledFunctionSetting.IsDisabled(Settings(key, value), "Refresh"));

    [Fact]
    public void TheDoubleUnderscoreEnvironmentVariableFormIsHonoured()
    {
        const string prefix = "DEVSERVER_DISABLED_TEST_";
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobs__Refresh__Disabled", "true");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            Assert.True(DisabledFunctionSetting.IsDisabled(configuration, "Refresh"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobs__Refresh__Disabled", null);
        }
    }

    private static IConfiguration Settings(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
}

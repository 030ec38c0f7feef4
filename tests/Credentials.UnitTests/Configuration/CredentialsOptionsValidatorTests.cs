using Credentials.Core.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Credentials.UnitTests.Configuration;

public class CredentialsOptionsValidatorTests
{
    private const string Key = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    [Fact]
    public void LocalStoreOutsideDevelopmentIsRefusedUnlessAllowed()
    {
        var options = new CredentialsOptions { SecretStore = SecretStoreKind.Local, LocalSecretKey = Key };

        Assert.True(Validate("Production", options).Failed);
        Assert.True(Validate("Development", options).Succeeded);
        options.AllowLocalSecretStore = true;
        Assert.True(Validate("Production", options).Succeeded);
    }

    [Fact]
    public void InsecureLoopbackOutsideDevelopmentIsRefusedUnlessAllowed()
    {
        var options = new CredentialsOptions { KeyVaultUri = new Uri("https://v.vault.azure.net/"), AllowInsecureLoopback = true };

        Assert.True(Validate("Production", options).Failed);
        Assert.True(Validate("Development", options).Succeeded);
        options.AllowInsecureLoopbackOutsideDevelopment = true;
        Assert.True(Validate("Production", options).Succeeded);
    }

    [Fact]
    public void SandboxIsRefusedOutsideDevelopmentWhateverElseIsSet()
    {
        var options = new CredentialsOptions
        {
            KeyVaultUri = new Uri("https://v.vault.azure.net/"),
            EnableSandbox = true,
            PublicBaseUrl = new Uri("https://credentials.example.com"),
            AllowInsecureLoopback = true,
            AllowInsecureLoopbackOutsideDevelopment = true,
        };

        Assert.True(Validate("Development", options).Succeeded);
        var refused = Validate("Production", options);
        Assert.True(refused.Failed);
        Assert.Contains("Credentials__EnableSandbox", refused.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxNeedsAPublicBaseUrlAndASaneTokenLifetime()
    {
        var options = new CredentialsOptions { KeyVaultUri = new Uri("https://v.vault.azure.net/"), EnableSandbox = true };
        Assert.True(Validate("Development", options).Failed);

        options.PublicBaseUrl = new Uri("https://credentials.example.com");
        options.SandboxTokenLifetime = TimeSpan.FromSeconds(1);
        Assert.True(Validate("Development", options).Failed);

        options.SandboxTokenLifetime = TimeSpan.FromMinutes(2);
        Assert.True(Validate("Development", options).Succeeded);
    }

    [Fact]
    public void KeyVaultStoreNeedsAVaultUri()
        => Assert.True(Validate("Production", new CredentialsOptions { SecretStore = SecretStoreKind.KeyVault }).Failed);

    [Fact]
    public void EnvelopeStoreNeedsAVaultUriAndASaneKeyCache()
    {
        var options = new CredentialsOptions { SecretStore = SecretStoreKind.Envelope };
        Assert.Contains(Validate("Production", options).Failures!, f => f.Contains("Credentials__KeyVaultUri", StringComparison.Ordinal));

        options.KeyVaultUri = new Uri("https://v.vault.azure.net/");
        Assert.True(Validate("Production", options).Succeeded);

        options.DataKeyCacheTtl = TimeSpan.FromHours(2);
        Assert.Contains(Validate("Production", options).Failures!, f => f.Contains("Credentials__DataKeyCacheTtl", StringComparison.Ordinal));
        options.DataKeyCacheTtl = TimeSpan.FromMinutes(5);
        options.DataKeyCacheSize = 0;
        Assert.Contains(Validate("Production", options).Failures!, f => f.Contains("Credentials__DataKeyCacheSize", StringComparison.Ordinal));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, CredentialsOptions options)
        => new CredentialsOptionsValidator(new Environment(environment)).Validate(null, options);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

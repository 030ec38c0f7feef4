using Credentials.Core.Configuration;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Walkthrough;

/// <summary>The service with the sandbox provider on, as DevServer runs by default.</summary>
public sealed class SandboxServiceFixture : ServiceFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        [AppSettings.ConfigurationKey(AppSettings.EnableSandbox)] = "true",
        [AppSettings.ConfigurationKey(AppSettings.OptionsPrefix + nameof(CredentialsOptions.SandboxTokenLifetime))] = "00:02:00",

        // A person runs step 10 more than 10 s after step 9; the test runs them milliseconds apart, where a forced refresh
        // would be answered by the one just made (Credentials__ForcedRefreshReuse, covered by the refresh tests).
        [AppSettings.ConfigurationKey(AppSettings.OptionsPrefix + nameof(CredentialsOptions.ForcedRefreshReuse))] = "00:00:00",
    };
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxServiceFixture>
{
    public const string Name = "sandbox";
}

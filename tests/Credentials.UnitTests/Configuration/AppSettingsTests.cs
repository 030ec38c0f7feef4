using System.Text.Json.Nodes;
using Credentials.Core.Configuration;
using Credentials.DevServer.Storage;

namespace Credentials.UnitTests.Configuration;

public class AppSettingsTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void EveryOptionsPropertyIsASettingOfTheAppsList()
    {
        // Nested sections (Limits, Audit) are settings per property: Credentials__Limits__RequestsPerSecond.
        var properties = typeof(CredentialsOptions).GetProperties()
            .SelectMany(p => p.PropertyType.IsClass && p.PropertyType.Namespace == typeof(CredentialsOptions).Namespace
                ? p.PropertyType.GetProperties().Select(n => $"{AppSettings.OptionsPrefix}{p.Name}__{n.Name}")
                : [AppSettings.OptionsPrefix + p.Name])
            .ToList();

        Assert.True(properties.Count >= 20);
        Assert.Empty(properties.Except(AppSettings.All, StringComparer.Ordinal));
        Assert.Equal(AppSettings.All.Count, AppSettings.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TheSampleSettingsListExactlyTheSettingsTheAppReads()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")))!;
        var listed = sample["Values"]!.AsObject().Select(v => v.Key)
            .Concat(sample["Explanations"]!.AsObject().Select(v => v.Key))
            .ToList();
        var expected = AppSettings.All.Concat(AppSettings.HostOnly).Concat(AppSettings.Patterns).ToList();

        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheSampleSettingsPointAtTheAddressDevServerUses()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")))!["Values"]!;

        Assert.Equal(Credentials.DevServer.DevelopmentDefaults.Urls, values[AppSettings.PublicBaseUrl]!.GetValue<string>());
    }

    [Fact]
    public void TheConfigurationPageDescribesEverySetting()
    {
        var page = File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));

        var missing = AppSettings.All.Concat(AppSettings.Patterns).Concat(new[] { DevServerStorage.DataFolderKey, DevServerStorage.TablePortKey }.Select(k => k.Replace(":", "__", StringComparison.Ordinal)))
            .Where(name => !page.Contains($"`{name}`", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void DevelopmentSwitchesAreAmongTheSettings()
        => Assert.Empty(AppSettings.DevelopmentOnly.Except(AppSettings.All, StringComparer.Ordinal));
}

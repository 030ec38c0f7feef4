using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credentials.Core.Configuration;
using Credentials.Functions.ConnectPage;

namespace Credentials.UnitTests.ConnectPage;

public partial class ConnectPageTests
{
    private static readonly ConnectPageAssets Assets = new(new ApiRoutes("api"));

    [Fact]
    public void ThePolicyAllowsOnlyTheServiceItselfAndNoFramingByDefault()
    {
        var csp = ConnectPageHeaders.ContentSecurityPolicy([]);

        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors https://a.example https://b.example:8443", ConnectPageHeaders.ContentSecurityPolicy(["https://a.example", "https://b.example:8443"]), StringComparison.Ordinal);
    }

    [Fact]
    public void ThePageIsNeverCachedAndItsFilesAreNotSniffed()
    {
        var page = ConnectPageHeaders.ForPage([]);
        var asset = ConnectPageHeaders.ForAsset();

        Assert.Equal("no-store", page["Cache-Control"]);
        Assert.Equal("no-referrer", page["Referrer-Policy"]);
        Assert.Equal("nosniff", page["X-Content-Type-Options"]);
        Assert.Equal("DENY", page["X-Frame-Options"]);
        Assert.False(ConnectPageHeaders.ForPage(["https://a.example"]).ContainsKey("X-Frame-Options"));
        Assert.Equal("nosniff", asset["X-Content-Type-Options"]);
        Assert.StartsWith("public", asset["Cache-Control"], StringComparison.Ordinal);
    }

    [Fact]
    public void ThePageHasNoInlineScriptOrStyleAndItsDataBlockCannotEndItsElement()
    {
        var html = Encoding.UTF8.GetString(Assets.RenderPage("en"));

        Assert.DoesNotMatch(@"<script(?![^>]*(\bsrc=|type=""application/json""))", html);
        Assert.DoesNotMatch(@"\sstyle=|<style|\son[a-z]+=", html);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/api/connect/assets/connect.js\"", html, StringComparison.Ordinal);
        var block = DataBlock().Match(html).Groups[1].Value;
        Assert.DoesNotContain("<", block, StringComparison.Ordinal);
        Assert.Equal("/api/connect/session", JsonDocument.Parse(block).RootElement.GetProperty("sessionUrl").GetString());
    }

    [Fact]
    public void EveryStringTheScriptUsesIsInTheEnglishFile()
    {
        var script = Encoding.UTF8.GetString(Assets.Find("connect.js")!.Content.Span);
        var english = Assets.StringsFor(ConnectPageAssets.DefaultLanguage);
        var used = StringKey().Matches(script).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.True(used.Count > 30, $"only {used.Count} string keys found");
        Assert.All(used, key => Assert.True(english.ContainsKey(key), $"'{key}' is missing from Strings/en.json"));
        Assert.All(new[] { "oauth2", "apiKey", "basic", "custom" }, type => Assert.True(english.ContainsKey($"authType.{type}")));
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("en", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("xx-YY", "en")]
    public void ALocaleWithoutItsOwnStringsFallsBackToEnglish(string? locale, string expected)
        => Assert.Equal(expected, Assets.LanguageFor(locale));

    [Fact]
    public void OnlyThePagesOwnFilesAreServed()
    {
        Assert.Equal("text/javascript; charset=utf-8", Assets.Find("connect.js")!.ContentType);
        Assert.Equal("text/css; charset=utf-8", Assets.Find("connect.css")!.ContentType);
        Assert.Equal("image/svg+xml", Assets.Find("icon.svg")!.ContentType);
        Assert.Null(Assets.Find("connect.html"));
        Assert.Null(Assets.Find("../appsettings.json"));
        Assert.Null(Assets.Find(null));
    }

    [GeneratedRegex(@"<script type=""application/json"" id=""connect-config"">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [GeneratedRegex(@"\bt\('([\w.]+)'")]
    private static partial Regex StringKey();
}

using Credentials.Core.Configuration;
using Credentials.DevServer.Http;
using Microsoft.Extensions.Configuration;

namespace Credentials.UnitTests.DevServer;

public sealed class HttpRoutePrefixTests : IDisposable
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    private readonly string _folder = Directory.CreateTempSubdirectory("hostjson-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "api" } } }""", "api")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""", "")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "/v1/" } } }""", "v1")]
    [InlineData("""{ "version": "2.0", "Extensions": { "HTTP": { "RoutePrefix": "custom" } } }""", "custom")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { } } }""", "api")]
    [InlineData("""{ "version": "2.0" }""", "api")]
    [InlineData("""{ "version": "2.0", /* comment */ "extensions": { "http": { "routePrefix": "c", }, }, }""", "c")]
    public void ReadsExtensionsHttpRoutePrefixDefaultingToApi(string hostJson, string expected)
        => Assert.Equal(expected, HttpRoutePrefix.Read(Write(hostJson), NoSettings));

    [Fact]
    public void DefaultsToApiWithoutHostJson()
        => Assert.Equal("api", HttpRoutePrefix.Read(Path.Combine(_folder, "missing.json"), NoSettings));

    [Fact]
    public void AnAppSettingOverridesHostJsonLikeTheHost()
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [HttpRoutePrefix.OverrideKey] = "" })
            .Build();
        Assert.Equal("", HttpRoutePrefix.Read(Write("""{ "extensions": { "http": { "routePrefix": "api" } } }"""), settings));
    }

    [Fact]
    public void TheRepositoryHostJsonIsCopiedNextToTheAssemblies()
    {
        Assert.True(File.Exists(HttpRoutePrefix.HostJsonPath), $"{HttpRoutePrefix.HostJsonPath} is missing");
        Assert.Equal("api", HttpRoutePrefix.Read(HttpRoutePrefix.HostJsonPath, NoSettings));
    }

    private string Write(string hostJson)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, hostJson);
        return path;
    }
}

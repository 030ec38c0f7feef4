using Credentials.DevServer.Http;

namespace Credentials.UnitTests.DevServer;

public class FunctionRouteTemplateTests
{
    [Theory]
    [InlineData("api", "users/{userId}", "/api/users/{userId}")]
    [InlineData("api", "/health/", "/api/health")]
    [InlineData("/api/", "health", "/api/health")]
    [InlineData("", "users/{userId}", "/users/{userId}")]
    [InlineData("v1/internal", "health", "/v1/internal/health")]
    [InlineData("api", "", "/api")]
    public void JoinsTheRoutePrefixAndTheRouteWithoutStraySlashes(string prefix, string route, string expected)
        => Assert.Equal(expected, FunctionRouteTemplate.ToEndpointPattern("F", prefix, route));

    [Theory]
    [InlineData("credentials/{credentialId}/proxy/{*path}")]
    [InlineData("credentials/{credentialId}/proxy/{**path}")]
    [InlineData("items/{id:int}")]
    [InlineData("items/{id:guid?}")]
    [InlineData("items/{id:regex(^[a-z0-9-]{{1,100}}$)}")]
    [InlineData("files/{name}.{extension=json}")]
    public void KeepsCatchAllsConstraintsOptionalsAndDefaultsAsWritten(string route)
        => Assert.Equal("/api/" + route, FunctionRouteTemplate.ToEndpointPattern("F", "api", route));

    [Fact]
    public void NamesTheRouteParametersAsSpelledInTheTemplate()
        => Assert.Equal(["credentialId", "path"], FunctionRouteTemplate.ParameterNames("F", "credentials/{credentialId:length(1,100)}/proxy/{*path}"));

    [Theory]
    [InlineData("users/{userId")]
    [InlineData("users/{userId}/{userId}")]
    [InlineData("files/{*path}/more")]
    public void RejectsAnInvalidTemplateNamingTheFunction(string route)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FunctionRouteTemplate.ToEndpointPattern("BrokenRoute", "api", route));
        Assert.Contains("BrokenRoute", exception.Message, StringComparison.Ordinal);
    }
}

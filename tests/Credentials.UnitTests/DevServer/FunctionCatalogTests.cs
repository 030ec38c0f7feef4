using Credentials.DevServer.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.UnitTests.DevServer;

public class FunctionCatalogTests
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.Discover(typeof(FunctionCatalogTests).Assembly);

    [Fact]
    public void FindsEveryHttpFunctionWithItsMethodsAndRoute()
    {
        var echo = Catalog.HttpFunctions.Single(f => f.Name == "SampleEcho");

        Assert.Equal(["GET"], echo.HttpMethods);
        Assert.Equal("samples/{sampleId}/items/{*rest}", echo.Route);
        Assert.Equal(
            [FunctionArgumentSource.HttpRequest, FunctionArgumentSource.RouteValue, FunctionArgumentSource.RouteValue],
            echo.Arguments.Select(a => a.Source));
        Assert.Equal(
            ["SampleActionResult", "SampleDefaultRoute", "SampleDisabled", "SampleEcho", "SampleFailure", "SampleInjected"],
            Catalog.HttpFunctions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFunctionWithoutRouteIsRoutedAtItsName()
    {
        var function = Catalog.HttpFunctions.Single(f => f.Name == "SampleDefaultRoute");

        Assert.Null(function.DeclaredRoute);
        Assert.Equal("SampleDefaultRoute", function.Route);
        Assert.Equal(["GET", "POST"], function.HttpMethods);
    }

    [Fact]
    public void FindsTimerFunctionsWithTheirScheduleAsWritten()
    {
        var timer = Catalog.TimerFunctions.Single(f => f.Name == "SampleTimer");
        var startup = Catalog.TimerFunctions.Single(f => f.Name == "SampleStartupTimer");

        Assert.Equal("%SampleSchedule%", timer.Schedule);
        Assert.False(timer.RunOnStartup);
        Assert.True(startup.RunOnStartup);
        Assert.Equal([FunctionArgumentSource.TimerInfo, FunctionArgumentSource.CancellationToken], timer.Arguments.Select(a => a.Source));
    }

    [Fact]
    public void NonPublicClassesAreNotPartOfTheAssemblysFunctions()
        => Assert.DoesNotContain(Catalog.HttpFunctions, f => f.Name.StartsWith("Invalid", StringComparison.Ordinal));

    [Theory]
    [InlineData(typeof(InvalidParameterFunctions), "InvalidParameter", "query")]
    [InlineData(typeof(InvalidReturnFunctions), "InvalidReturn", "String")]
    [InlineData(typeof(InvalidContextFunctions), "InvalidContext", "context")]
    [InlineData(typeof(DuplicateNameFunctions), "Duplicate", "unique")]
    public void AFunctionDevServerCannotRunFaithfullyStopsDiscoveryNamingIt(Type type, string functionName, string detail)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Discover([type]));

        Assert.Contains(functionName, exception.Message, StringComparison.Ordinal);
        Assert.Contains(detail, exception.Message, StringComparison.Ordinal);
    }

    internal sealed class InvalidParameterFunctions
    {
        [Function("InvalidParameter")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "x/{id}")] HttpRequest request, string query)
            => TypedResults.Ok();
    }

    internal sealed class InvalidReturnFunctions
    {
        [Function("InvalidReturn")]
        public static string Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "x")] HttpRequest request) => "x";
    }

    internal sealed class InvalidContextFunctions
    {
        [Function("InvalidContext")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "x")] HttpRequest request, FunctionContext context)
            => TypedResults.Ok();
    }

    internal sealed class DuplicateNameFunctions
    {
        [Function("Duplicate")]
        public static IResult First([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a")] HttpRequest request) => TypedResults.Ok();

        [Function("duplicate")]
        public static IResult Second([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "b")] HttpRequest request) => TypedResults.Ok();
    }
}

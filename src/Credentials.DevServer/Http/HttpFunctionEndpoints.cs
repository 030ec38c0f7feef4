using System.Globalization;
using Credentials.DevServer.Functions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace Credentials.DevServer.Http;

/// <summary>Maps each HTTP function to a Kestrel endpoint that binds its parameters, runs it and writes its result.</summary>
internal static partial class HttpFunctionEndpoints
{
    /// <summary>The response header naming the function that answered, so tests can prove which one did.</summary>
    public const string FunctionHeader = "x-devserver-function";

    /// <summary>Maps <paramref name="functions"/> under <paramref name="routePrefix"/>.</summary>
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunctionDefinition> functions, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(functions);
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpFunctionEndpoints).FullName!);

        foreach (var function in functions)
        {
            var pattern = FunctionRouteTemplate.ToEndpointPattern(function.Name, routePrefix, function.Route);
            Task Handler(HttpContext context) => InvokeAsync(context, function, logger);
            var endpoint = function.HttpMethods.Count == 0
                ? endpoints.Map(pattern, Handler)
                : endpoints.MapMethods(pattern, function.HttpMethods, Handler);
            endpoint.WithDisplayName($"{function.Name}: {string.Join(',', function.HttpMethods.DefaultIfEmpty("*"))} {pattern}")
                .WithMetadata(function);
        }
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunctionDefinition function, ILogger logger)
    {
        context.Response.Headers[FunctionHeader] = function.Name;
        try
        {
            var arguments = function.Arguments.Select(argument => Bind(argument, context)).ToArray();
            var result = await FunctionMethodInvoker.InvokeAsync(function.Method, context.RequestServices, arguments);
            await WriteResultAsync(context, result);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nobody is left to answer.
        }
        catch (Exception exception)
        {
            LogFunctionFailed(logger, exception, function.Name);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            // A 500 that tells the caller nothing about the failure; the log has it.
            context.Response.Clear();
            context.Response.Headers[FunctionHeader] = function.Name;
            await TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
        }
    }

    private static object? Bind(FunctionArgument argument, HttpContext context) => argument.Source switch
    {
        FunctionArgumentSource.HttpRequest => context.Request,
        FunctionArgumentSource.CancellationToken => context.RequestAborted,
        FunctionArgumentSource.RouteValue => Convert.ToString(context.Request.RouteValues[argument.Name], CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"An HTTP function cannot take a {argument.Source} argument."),
    };

    private static async Task WriteResultAsync(HttpContext context, object? result)
    {
        switch (result)
        {
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                break;
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            default:
                // A function without a result answers 200 with an empty body.
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private static partial void LogFunctionFailed(ILogger logger, Exception exception, string functionName);
}

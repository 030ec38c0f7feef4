using Credentials.DevServer;
using Credentials.DevServer.Hosting;
using Credentials.DevServer.Storage;
using Credentials.Functions.Api;
using Microsoft.Extensions.Options;

// Runs the Functions app's function classes on Kestrel, for machines without Azure Functions Core Tools. Every way start-up can
// fail on a developer's machine ends in one line saying what to do, not a stack trace.
var builder = DevServerApp.CreateBuilder(DevelopmentDefaults.WithEnvironment(args));
var urls = builder.Configuration["urls"] ?? DevelopmentDefaults.Urls;
if (ListenAddressCheck.BusyMessage(urls) is { } busy)
{
    Console.Error.WriteLine(busy);
    return 1;
}

DevServerStorage storage;
try
{
    storage = await DevServerStorage.PrepareAsync(builder.Configuration);
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException)
{
    Console.Error.WriteLine($"DevServer could not get its storage ready: {e.Message}");
    return 1;
}

await using (storage)
{
    DevelopmentDefaults.Apply(builder, storage.ConnectionString);
    var app = DevServerApp.Build(builder, typeof(HealthFunction).Assembly, FunctionsServices.Register);
    app.ServeDocs();
    app.Lifetime.ApplicationStarted.Register(() => DevServerBanner.Print(app, storage, Console.Out));
    try
    {
        await app.RunAsync();
        return 0;
    }
    catch (IOException e) when (ListenAddressCheck.IsAddressInUse(e))
    {
        Console.Error.WriteLine(ListenAddressCheck.Message(urls));
    }
    catch (OptionsValidationException e)
    {
        Console.Error.WriteLine($"DevServer's settings are invalid: {string.Join(" ", e.Failures)}");
    }

    return 1;
}

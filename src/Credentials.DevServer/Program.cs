using Credentials.DevServer;
using Credentials.DevServer.Hosting;
using Credentials.DevServer.Storage;
using Credentials.Functions.Functions;

// Runs the Functions app's function classes on Kestrel, for machines without Azure Functions Core Tools.
var app = DevServerApp.Build(
    DevelopmentDefaults.WithEnvironment(args),
    typeof(HealthFunction).Assembly,
    FunctionsServices.Register,
    DevelopmentDefaults.Apply);

// UseDevelopmentStorage=true means Azurite on its default ports; start it unless one already listens.
await using var azurite = DevelopmentStorage.IsConfigured(app.Configuration)
    ? await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.ForDevelopmentStorage())
    : null;

app.Lifetime.ApplicationStarted.Register(() => DevelopmentDefaults.PrintBanner(app));
await app.RunAsync();

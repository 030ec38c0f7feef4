namespace Credentials.DevServer;

/// <summary>The Functions app's service registration, shared by DevServer's Program and the tests so all run the same services.</summary>
public static class FunctionsServices
{
    /// <summary>Registers what the function classes need.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        Credentials.Functions.FunctionsServiceCollectionExtensions.AddCredentialsFunctions(services, configuration, environment);
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Configuration;

/// <summary>Refuses to start with development switches outside Development unless each is explicitly allowed, or with a store missing its settings.</summary>
public sealed class CredentialsOptionsValidator(IHostEnvironment environment) : IValidateOptions<CredentialsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CredentialsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var development = environment.IsDevelopment();
        if (options.SecretStore == SecretStoreKind.Local)
        {
            if (!development && !options.AllowLocalSecretStore)
            {
                failures.Add("Credentials__SecretStore=Local is a development store; outside Development set Credentials__AllowLocalSecretStore=true to use it anyway.");
            }

            if (string.IsNullOrWhiteSpace(options.LocalSecretKey))
            {
                failures.Add("Credentials__LocalSecretKey (base64 of 32 bytes) is required with the Local secret store.");
            }
        }
        else if (options.KeyVaultUri is null)
        {
            failures.Add($"Credentials__KeyVaultUri is required with the {options.SecretStore} secret store.");
        }

        if (options.SecretStore == SecretStoreKind.Envelope)
        {
            if (options.DataKeyCacheTtl < TimeSpan.FromSeconds(1) || options.DataKeyCacheTtl > TimeSpan.FromHours(1))
            {
                failures.Add("Credentials__DataKeyCacheTtl must be between 00:00:01 and 01:00:00.");
            }

            if (options.DataKeyCacheSize < 1)
            {
                failures.Add("Credentials__DataKeyCacheSize must be at least 1.");
            }
        }

        if (options.AllowInsecureLoopback && !development && !options.AllowInsecureLoopbackOutsideDevelopment)
        {
            failures.Add("Credentials__AllowInsecureLoopback is a development switch; outside Development set Credentials__AllowInsecureLoopbackOutsideDevelopment=true to use it anyway.");
        }

        if (options.PublicBaseUrl is { } publicBase && (!publicBase.IsAbsoluteUri || (publicBase.Scheme != Uri.UriSchemeHttps && !options.AllowInsecureLoopback)))
        {
            failures.Add("Credentials__PublicBaseUrl must be an absolute https URL.");
        }

        if (options.EnableSandbox && !development)
        {
            failures.Add("Credentials__EnableSandbox is a development switch: the sandbox provider accepts any consent and every sk_test_ key, so it is refused outside Development.");
        }

        if (options.EnableSandbox && options.PublicBaseUrl is null)
        {
            failures.Add("Credentials__EnableSandbox needs Credentials__PublicBaseUrl: the sandbox connectors' URLs are built from it.");
        }

        if (options.SandboxTokenLifetime < TimeSpan.FromSeconds(10) || options.SandboxTokenLifetime > TimeSpan.FromDays(1))
        {
            failures.Add("Credentials__SandboxTokenLifetime must be between 00:00:10 and 1.00:00:00.");
        }

        if (options.DocsBaseUrl is { IsAbsoluteUri: false })
        {
            failures.Add("Credentials__DocsBaseUrl must be an absolute URL.");
        }

        if (options.ProxyTimeoutSeconds is < 1 or > 600)
        {
            failures.Add("Credentials__ProxyTimeoutSeconds must be between 1 and 600.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Tenancy;

/// <summary>Checks the platform admin key; an unusable configured key disables the platform routes rather than opening them.</summary>
public partial class PlatformAdminAuthenticator
{
    /// <summary>Shortest admin key accepted.</summary>
    public const int MinimumKeyLength = 32;

    private readonly byte[]? adminKeyHash;

    /// <summary>Reads the configured key once; logs a warning when it is unusable.</summary>
    public PlatformAdminAuthenticator(IOptions<CredentialsOptions> options, ILogger<PlatformAdminAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.AdminApiKey;
        var problem = Problem(configured);
        if (problem is null)
        {
            adminKeyHash = SHA256.HashData(Encoding.UTF8.GetBytes(configured!));
        }
        else
        {
            LogDisabled(logger, problem);
        }
    }

    /// <summary>True when platform routes can be used at all.</summary>
    public bool IsEnabled => adminKeyHash is not null;

    /// <summary>Throws <see cref="ErrorCodes.Unauthorized"/> unless the header carries the admin key.</summary>
    public virtual void Authenticate(string? authorizationHeader)
    {
        var presented = BearerToken.From(authorizationHeader);
        if (adminKeyHash is null || presented is null
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), adminKeyHash))
        {
            throw ApiKeyAuthenticator.Unauthorized();
        }
    }

    /// <summary>Why a configured admin key cannot be used, or null when it can.</summary>
    public static string? Problem(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return "no admin key is configured";
        }

        if (configured.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            return "the Key Vault reference was not resolved (check keyVaultReferenceIdentity and the identity's access)";
        }

        return configured.Length < MinimumKeyLength ? $"the admin key is shorter than {MinimumKeyLength} characters" : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Platform routes are disabled: {Reason}. Set Credentials__AdminApiKey.")]
    private static partial void LogDisabled(ILogger logger, string reason);
}

using Credentials.Core.Configuration;

namespace Credentials.IntegrationTests.Refresh;

/// <summary>The two places a credential's bundle can live: apart in the secret store (KeyVault) or sealed in its row (Local, as Envelope).</summary>
public static class BundleModes
{
    public static TheoryData<SecretStoreKind> All => new() { SecretStoreKind.KeyVault, SecretStoreKind.Local };
}

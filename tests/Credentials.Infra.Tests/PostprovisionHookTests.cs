using System.Text.RegularExpressions;
using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

/// <summary>
/// The postprovision hook's decisions, in both shells, against a fake `az` that logs what it was asked: create the admin
/// key only when the vault has none, never overwrite, recover a soft-deleted one, retry a 403 a bounded number of times
/// and never take it for "missing", skip with instructions when the deployer has no role or cannot reach the vault.
/// </summary>
public sealed partial class PostprovisionHookTests
{
    private const string ReadCommand = $"az keyvault secret show --vault-name {PostprovisionHook.Vault} --name platform-admin-key --query value --output tsv";

    public static TheoryData<string> Shells => ["sh", "pwsh"];

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task CreatesAStrongKeyOnlyWhenTheVaultHasNoneAndNeverPrintsIt(string shell)
    {
        var keys = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            using var az = new FakeAz().WithSecret("missing");

            var result = await PostprovisionHook.RunAsync(shell, az);

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(["show", "show-deleted", "set", "rest"], az.Verbs);
            var key = az.StoredKey;
            Assert.NotNull(key);
            Assert.Matches(Base64UrlKey(), key);
            Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(az.Calls, call => call.Contains(key, StringComparison.Ordinal));
            Assert.Contains(ReadCommand, result.Output, StringComparison.Ordinal);
            Assert.Equal(
                $"rest --method post --url {PostprovisionHook.AppId}/config/configreferences/appsettings/refresh?api-version=2022-03-01",
                az.Calls[^1]);
            keys.Add(key);
        }

        Assert.NotEqual(keys[0], keys[1]);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task NeverOverwritesAKeyThatExists(string shell)
    {
        using var az = new FakeAz().WithSecret("present");

        var result = await PostprovisionHook.RunAsync(shell, az);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["show", "rest"], az.Verbs);
        Assert.Null(az.StoredKey);
        Assert.Contains("already exists", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task RecoversASoftDeletedKeyInsteadOfCreatingAnother(string shell)
    {
        using var az = new FakeAz().WithSecret("deleted");

        var result = await PostprovisionHook.RunAsync(shell, az);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["show", "show-deleted", "recover", "rest"], az.Verbs);
        Assert.Null(az.StoredKey);
        Assert.Contains("recovered", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task RetriesA403AndNeverTakesItForAMissingKey(string shell)
    {
        using var az = new FakeAz().WithSecret("present").Forbidding("2");

        var result = await PostprovisionHook.RunAsync(shell, az);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["show", "show", "show", "rest"], az.Verbs);
        Assert.Null(az.StoredKey);
        Assert.Contains("attempt 2 of 4", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task GivesUpOnA403AfterTheBoundAndSaysWhatToDo(string shell)
    {
        using var az = new FakeAz().WithSecret("missing").Forbidding("always");

        var result = await PostprovisionHook.RunAsync(shell, az);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["show", "show", "show", "show"], az.Verbs);
        Assert.Null(az.StoredKey);
        Assert.Contains("still no access to kv-hooktest after 4 attempts", result.Output, StringComparison.Ordinal);
        AssertInstructions(result);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task SkipsWithoutAskingTheVaultWhenTheDeployerRoleIsSwitchedOff(string shell)
    {
        using var az = new FakeAz().WithSecret("missing");

        var result = await PostprovisionHook.RunAsync(shell, az, new Dictionary<string, string?> { ["AZURE_KEY_VAULT_DEPLOYER_ROLE"] = "false" });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Empty(az.Calls);
        Assert.Contains("AZURE_GRANT_DEPLOYER_KEY_VAULT_ROLE=false", result.Output, StringComparison.Ordinal);
        AssertInstructions(result);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task SkipsWithoutAskingTheVaultWhenItsPublicAccessIsDisabled(string shell)
    {
        using var az = new FakeAz().WithSecret("missing");

        var result = await PostprovisionHook.RunAsync(shell, az, new Dictionary<string, string?> { ["AZURE_KEY_VAULT_PUBLIC_NETWORK_ACCESS"] = "Disabled" });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Empty(az.Calls);
        AssertInstructions(result);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task SkipsAtOnceWhenTheVaultRefusesThisNetwork(string shell)
    {
        using var az = new FakeAz().WithSecret("missing").With("firewall");

        var result = await PostprovisionHook.RunAsync(shell, az);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["show"], az.Verbs);
        Assert.Contains("refused this network", result.Output, StringComparison.Ordinal);
        AssertInstructions(result);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task SkipsWhenTheAzureCliIsNotSignedIn(string shell)
    {
        using var az = new FakeAz().WithSecret("missing").With("signed-out");

        var result = await PostprovisionHook.RunAsync(shell, az);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["show"], az.Verbs);
        Assert.Contains("az login", result.Output, StringComparison.Ordinal);
        Assert.Null(az.StoredKey);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task AFailedRefreshKeepsTheKeyAndSaysHowToRefresh(string shell)
    {
        using var az = new FakeAz().WithSecret("missing").With("rest-fails");

        var result = await PostprovisionHook.RunAsync(shell, az);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.NotNull(az.StoredKey);
        Assert.Contains("could not refresh", result.Output, StringComparison.Ordinal);
        Assert.Contains($"az rest --method post --url \"{PostprovisionHook.AppId}/config/configreferences/appsettings/refresh", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task FailsWithoutTheVaultNameRatherThanGuessing(string shell)
    {
        using var az = new FakeAz().WithSecret("missing");

        var result = await PostprovisionHook.RunAsync(shell, az, new Dictionary<string, string?> { ["AZURE_KEY_VAULT_NAME"] = string.Empty });

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(az.Calls);
    }

    private static void AssertInstructions(HookRun result)
    {
        Assert.Contains("azd hooks run postprovision", result.Output, StringComparison.Ordinal);
        Assert.Contains($"az keyvault secret set --vault-name {PostprovisionHook.Vault} --name platform-admin-key", result.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{64}$")]
    private static partial Regex Base64UrlKey();
}

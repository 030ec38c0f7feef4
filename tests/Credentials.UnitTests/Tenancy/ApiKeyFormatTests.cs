using Credentials.Core.Tenancy;

namespace Credentials.UnitTests.Tenancy;

public class ApiKeyFormatTests
{
    [Fact]
    public void GeneratedKeyHasPrefixKeyIdAndParsesBackToItsId()
    {
        var (keyId, key) = ApiKeyFormat.Generate();

        Assert.StartsWith("cred_live_" + keyId + "_", key, StringComparison.Ordinal);
        Assert.True(ApiKeyFormat.TryParse(key, out var parsed));
        Assert.Equal(keyId, parsed);
        Assert.True(ApiKeyFormat.IsKeyId(keyId));
    }

    [Fact]
    public void GeneratedKeysAreDistinctAndCarryAtLeast128RandomBits()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeyFormat.Generate().Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        var secret = keys[0].Split('_')[^1];
        Assert.True(secret.Length * 5 >= 256, $"secret part has {secret.Length * 5} bits");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cred_live_")]
    [InlineData("sk_live_abcdefghijklmnop_abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")]
    [InlineData("cred_live_ABCDEFGHIJKLMNOP_abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")]
    [InlineData("cred_live_abcdefghijklmnop-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")]
    [InlineData("cred_live_abcdefghijklmnop_abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxy")]
    public void MalformedKeysDoNotParse(string? key)
        => Assert.False(ApiKeyFormat.TryParse(key, out _));

    [Fact]
    public void HashMatchesOnlyTheSameKey()
    {
        var (_, key) = ApiKeyFormat.Generate();
        var (_, other) = ApiKeyFormat.Generate();
        var hash = ApiKeyFormat.Hash(key);

        Assert.Equal(32, hash.Length);
        Assert.True(ApiKeyFormat.Matches(key, hash));
        Assert.False(ApiKeyFormat.Matches(other, hash));
        Assert.False(ApiKeyFormat.Matches(key[..^1] + (key[^1] == 'a' ? 'b' : 'a'), hash));
    }
}

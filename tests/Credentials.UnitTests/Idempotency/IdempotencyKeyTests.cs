using Credentials.Core.Errors;
using Credentials.Core.Idempotency;
using Credentials.Core.Storage;

namespace Credentials.UnitTests.Idempotency;

public class IdempotencyKeyTests
{
    [Fact]
    public void AnAbsentHeaderMeansNoKey()
    {
        Assert.Null(IdempotencyKey.FromHeader([]));
        Assert.Null(IdempotencyKey.FromHeader(null));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("8e0f7a3c-5b1d-4e8a-9c2f-0d6b7e1a2f34")]
    [InlineData("order 42 / retry #1 ?&=~!")]
    [InlineData(" ")]
    public void PrintableAsciiKeysAreAccepted(string value)
    {
        Assert.NotNull(IdempotencyKey.FromHeader([value]));
        Assert.True(IdempotencyKey.IsValid(value));
    }

    [Fact]
    public void TheLongestKeyIs255Characters()
    {
        Assert.NotNull(IdempotencyKey.FromHeader([new string('k', 255)]));
        AssertRefused([new string('k', 256)]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0")]
    [InlineData("del\u007f")]
    [InlineData("caf\u00e9")]
    [InlineData("emoji\U0001F600")]
    public void EmptyControlAndNonAsciiKeysAreRefusedNamingTheHeader(string value) => AssertRefused([value]);

    [Fact]
    public void AHeaderSentTwiceIsRefused() => AssertRefused(["one", "two"]);

    [Fact]
    public void AMissingValueIsRefused() => AssertRefused([null]);

    [Fact]
    public void TheStorageIdIsBase32OfSha256OverTenantNewlineKey()
    {
        // printf 'ten-abc\nkey-1' | sha256sum, then RFC 4648 base32, lowercase, no padding.
        Assert.Equal("metmwmnxhetuofovr35qacgzeibhyn4n4pbhogz72x6febneoazq", IdempotencyKey.FromHeader(["key-1"])!.StorageId("ten-abc"));
    }

    [Fact]
    public void TheStorageIdDependsOnTenantAndKeyAndNeverContainsTheKey()
    {
        var key = IdempotencyKey.FromHeader(["retry-me-please"])!;
        var a = key.StorageId("ten-a");

        Assert.Equal(a, IdempotencyKey.FromHeader(["retry-me-please"])!.StorageId("ten-a"));
        Assert.NotEqual(a, key.StorageId("ten-b"));
        Assert.NotEqual(a, IdempotencyKey.FromHeader(["retry-me-please2"])!.StorageId("ten-a"));
        Assert.DoesNotContain("retry-me-please", a, StringComparison.Ordinal);
        Assert.True(TableKeys.IsValid(a));
        Assert.Equal(52, a.Length);
    }

    [Fact]
    public void TenantAndKeyCannotBeShiftedIntoEachOther()
        => Assert.NotEqual(IdempotencyKey.FromHeader(["bc"])!.StorageId("ten-a"), IdempotencyKey.FromHeader(["c"])!.StorageId("ten-ab"));

    [Fact]
    public void ToStringNeverShowsTheKey()
    {
        var key = IdempotencyKey.FromHeader(["very-secret-key-value"])!;
        Assert.DoesNotContain("very-secret-key-value", key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-key-value", $"{key}", StringComparison.Ordinal);
    }

    private static void AssertRefused(string?[] values)
    {
        var e = Assert.Throws<ServiceException>(() => IdempotencyKey.FromHeader(values));
        Assert.Equal(ErrorCodes.ValidationFailed, e.Code);
        Assert.Equal([IdempotencyKey.HeaderName], e.Errors!.Keys);
    }
}

using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Paging;
using Credentials.Core.Storage;

namespace Credentials.UnitTests.Validation;

public class ResourceIdsTests
{
    [Fact]
    public void NewIdsAreWellFormedUniqueAndSafeAsKeysAndVaultNames()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => ResourceIds.New(ResourceIds.Credential)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.True(ResourceIds.IsWellFormed(id, ResourceIds.Credential));
            Assert.False(ResourceIds.IsWellFormed(id, ResourceIds.User));
            Assert.True(TableKeys.IsValid(id));
            Assert.Matches("^[0-9a-zA-Z-]{1,127}$", "cred-" + id);
        });
    }

    [Fact]
    public void ACredentialIdCarriesItsUsersPartitionAndNothingElseOfTheUser()
    {
        var userId = ResourceIds.New(ResourceIds.User);
        var first = ResourceIds.NewCredential(userId);
        var second = ResourceIds.NewCredential(userId);

        Assert.NotEqual(first, second);
        Assert.True(ResourceIds.IsWellFormed(first, ResourceIds.Credential));
        Assert.Equal(userId, ResourceIds.UserOfCredential(first));
        Assert.Equal(userId, Credentials.Core.Storage.CredentialRowKeys.Partition(second));
        Assert.Equal("cred|" + first, Credentials.Core.Storage.CredentialRowKeys.Row(first));
        Assert.Throws<ArgumentException>(() => ResourceIds.NewCredential("usr-not-an-id"));
        Assert.Throws<ArgumentException>(() => ResourceIds.UserOfCredential(userId));
    }

    [Theory]
    [InlineData("crd-aaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("crd-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("crd-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n")]
    [InlineData("crd-aaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("crd-aaaaaaaaaaaaaaaaaaaaaaaaa/")]
    [InlineData("crd-aaaaaaaaaaaaaaaaaaaaaaaa#a")]
    [InlineData("crd-AAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("crd-aaaaaaaaaaaaaaaaaaaaaaaa?a")]
    [InlineData("../crd-aaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("")]
    public void MalformedIdsAreRefused(string id) => Assert.False(ResourceIds.IsWellFormed(id, ResourceIds.Credential));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("")]
    public void ForbiddenTableKeyCharactersAreRefused(string key) => Assert.False(TableKeys.IsValid(key));

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    public void BadPageLimitIsAValidationFailure(string limit)
        => Assert.Equal(ErrorCodes.ValidationFailed, Assert.Throws<ServiceException>(() => PageRequest.Parse(limit, null)).Code);

    [Fact]
    public void ContinuationTokenRoundTripsOpaquely()
    {
        var wrapped = PageRequest.Wrap("1!8!dXNy 1!12!Y3JlZA--");
        Assert.DoesNotContain(" ", wrapped!, StringComparison.Ordinal);
        Assert.Equal("1!8!dXNy 1!12!Y3JlZA--", PageRequest.Parse(null, wrapped).StorageToken);
        Assert.Equal(PageRequest.DefaultLimit, PageRequest.Parse(null, null).Limit);
    }
}

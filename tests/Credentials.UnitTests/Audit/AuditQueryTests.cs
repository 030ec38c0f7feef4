using Credentials.Core.Audit;
using Credentials.Core.Errors;
using Credentials.Core.Ids;

namespace Credentials.UnitTests.Audit;

public class AuditQueryTests
{
    [Fact]
    public void WellFormedParametersAreRead()
    {
        var userId = ResourceIds.New(ResourceIds.User);
        var credentialId = ResourceIds.NewCredential(userId);

        var query = AuditQuery.Parse(credentialId, userId, "2026-01-01T00:00:00Z", "2026-01-31T12:00:00+01:00");

        Assert.Equal(credentialId, query.CredentialId);
        Assert.Equal(userId, query.UserId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 11, 0, 0, TimeSpan.Zero), query.To);
    }

    [Fact]
    public void EmptyParametersMeanNoFilter()
        => Assert.Equal(new AuditQuery(null, null, null, null), AuditQuery.Parse("", null, "", null));

    [Theory]
    [InlineData("crd-nope", null, null, null, "credentialId")]
    [InlineData(null, "usr-a/b", null, null, "userId")]
    [InlineData(null, null, "yesterday", null, "from")]
    [InlineData(null, null, "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", "from")]
    public void BadParametersAre400NamingThem(string? credentialId, string? userId, string? from, string? to, string field)
    {
        var failure = Assert.Throws<ServiceException>(() => AuditQuery.Parse(credentialId, userId, from, to));

        Assert.Equal(ErrorCodes.ValidationFailed, failure.Code);
        Assert.True(failure.Errors!.ContainsKey(field));
    }

    [Fact]
    public void IdsSortNewestFirst()
    {
        var older = AuditTrail.NewId(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var newer = AuditTrail.NewId(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(newer, older) < 0);
        Assert.Equal("audit202601", AuditStore.TableOf(new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero)));
    }
}

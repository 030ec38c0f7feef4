using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Paging;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;
using Credentials.Core.Users;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.IntegrationTests.Users;

/// <summary>The tenant's user list, lookup by username and edits, on the username reservations of the users table.</summary>
public sealed class UserDirectoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly ServiceDeployment deployment = new(azurite.TableConnectionString);
    private ServiceProcess process = null!;

    public Task InitializeAsync()
    {
        process = deployment.StartProcess();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await process.DisposeAsync();

    [Fact]
    public async Task PagesHoldOnlyConfirmedUsersNotBeingDeletedInUsernameOrderWithoutRepeats()
    {
        var (tenant, users) = await TenantWithUsersAsync("delta", "Alpha", "charlie", "bravo", "echo");
        var (other, _) = await TenantWithUsersAsync("alpha2");
        var store = process.GetRequiredService<UserStore>();

        // An interrupted create (unconfirmed reservation) and a user whose delete is running are not users to list.
        await store.ReserveAsync(new User(ResourceIds.New(ResourceIds.User), tenant.TenantId, "bravo2", null, deployment.Clock.GetUtcNow()), int.MaxValue);
        var charlie = (await store.GetAsync(users["charlie"].UserId))!.Value;
        Assert.NotNull(await store.ReplaceHeadAsync(charlie.User with { DeleteRequestedAt = deployment.Clock.GetUtcNow() }, charlie.ETag));

        var listed = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Service.ListAsync(tenant, PageRequest.Parse("2", token));
            Assert.True(page.Items.Count <= 2);
            listed.AddRange(page.Items.Select(u => u.Username));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["Alpha", "bravo", "delta", "echo"], listed);
        Assert.InRange(pages, 2, 3);
        Assert.Equal(["alpha2"], (await Service.ListAsync(other, PageRequest.Parse(null, null))).Items.Select(u => u.Username));
    }

    [Fact]
    public async Task ALookupFindsExactlyTheUserOfThatNameCaseInsensitivelyAndNothingElse()
    {
        var (tenant, users) = await TenantWithUsersAsync("jane@example.com", "john@example.com");
        var (other, _) = await TenantWithUsersAsync("someone@example.com");
        await process.GetRequiredService<UserStore>().ReserveAsync(new User(ResourceIds.New(ResourceIds.User), tenant.TenantId, "half@example.com", null, deployment.Clock.GetUtcNow()), int.MaxValue);

        Assert.Equal(users["jane@example.com"].UserId, (await Service.FindByUsernameAsync(tenant, "JANE@example.COM"))?.UserId);
        Assert.Null(await Service.FindByUsernameAsync(tenant, "jane"));
        Assert.Null(await Service.FindByUsernameAsync(tenant, "half@example.com"));
        Assert.Null(await Service.FindByUsernameAsync(tenant, "someone@example.com"));
        Assert.NotNull(await Service.FindByUsernameAsync(other, "someone@example.com"));
        Assert.Equal(ErrorCodes.ValidationFailed, (await Assert.ThrowsAsync<ServiceException>(() => Service.FindByUsernameAsync(tenant, "no spaces"))).Code);
    }

    [Fact]
    public async Task AnEditChangesWhatReadsListsAndLookupsShowAndNotAUserBeingDeleted()
    {
        var (tenant, users) = await TenantWithUsersAsync("jane", "gone");
        var jane = users["jane"];

        var renamed = await Service.UpdateAsync(tenant, jane.UserId, "  Jane Q. Doe ");

        Assert.Equal("Jane Q. Doe", renamed.FullName);
        Assert.Equal("Jane Q. Doe", (await Service.GetAsync(tenant, jane.UserId)).FullName);
        Assert.Equal("Jane Q. Doe", (await Service.FindByUsernameAsync(tenant, "jane"))!.FullName);
        Assert.Equal("Jane Q. Doe", (await Service.ListAsync(tenant, PageRequest.Parse(null, null))).Items.Single(u => u.UserId == jane.UserId).FullName);
        Assert.Null((await Service.UpdateAsync(tenant, jane.UserId, null)).FullName);
        Assert.Equal(ErrorCodes.ValidationFailed, (await Assert.ThrowsAsync<ServiceException>(() => Service.UpdateAsync(tenant, jane.UserId, new string('x', 201)))).Code);

        Assert.True(await Service.DeleteAsync(tenant, users["gone"].UserId));
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<ServiceException>(() => Service.UpdateAsync(tenant, users["gone"].UserId, "Back"))).Code);
    }

    private UserService Service => process.GetRequiredService<UserService>();

    private async Task<(TenantContext Tenant, Dictionary<string, User> Users)> TenantWithUsersAsync(params string[] usernames)
    {
        var (created, key) = await process.GetRequiredService<TenantService>().CreateTenantAsync("Directory");
        var tenant = new TenantContext(created.TenantId, key.KeyId);
        var users = new Dictionary<string, User>(StringComparer.Ordinal);
        foreach (var username in usernames)
        {
            users[username] = await Service.CreateAsync(tenant, username, $"{username} Full");
        }

        return (tenant, users);
    }
}

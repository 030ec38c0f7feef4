using Credentials.Core.Errors;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Crashes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>The example crash scenario: user creation killed at each of its storage calls, against today's layout.</summary>
[Collection(ConsistencyCollection.Name)]
public class UserCreateCrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Username = "jane@example.com";

    [Fact]
    public async Task AfterACrashAtAnyPointTheSameUsernameCanBeCreatedExactlyOnce()
    {
        var deployment = new ServiceDeployment(azurite.TableConnectionString);
        var runner = new CrashPointRunner(deployment, output.WriteLine);
        var results = new List<(CrashPoint Point, string Retry, string Again)>();

        var report = await runner.RunAsync(
            "UserService.CreateAsync",
            async d =>
            {
                await using var setup = d.StartProcess();
                var (tenant, key) = await setup.GetRequiredService<TenantService>().CreateTenantAsync("Crash");
                return new TenantContext(tenant.TenantId, key.KeyId);
            },
            (services, tenant) => services.GetRequiredService<UserService>().CreateAsync(tenant, Username, "Jane Doe"),
            async (point, tenant) =>
            {
                // The crashed process is gone. Until the repair grace has passed, a reservation without its user may still belong to
                // a create in flight (I5), so the caller's retry after that grace creates the user, and then someone tries once more.
                deployment.Clock.Advance(TimeSpan.FromMinutes(3));
                var retry = await CreateInFreshProcessAsync(deployment, tenant);
                var again = await CreateInFreshProcessAsync(deployment, tenant);
                results.Add((point, retry, again));
                output.WriteLine($"{point}: retry -> {retry}; again -> {again}");
            });

        output.WriteLine($"total: {report.CrashPoints} crash points exercised");
        Assert.True(report.CrashPoints >= 1);
        Assert.Equal(report.CrashPoints, results.Count);

        // The user never got an answer, so the retry must create the user (no user exists: a 409 would strand the username),
        // and from then on the username is taken.
        Assert.All(results, r =>
        {
            Assert.True(r.Retry == "created", $"{r.Point}: the retry answered {r.Retry}");
            Assert.True(r.Again == ErrorCodes.Conflict, $"{r.Point}: creating it again answered {r.Again}");
        });
    }

    private static async Task<string> CreateInFreshProcessAsync(ServiceDeployment deployment, TenantContext tenant)
    {
        await using var process = deployment.StartProcess();
        var users = process.GetRequiredService<UserService>();
        try
        {
            var user = await users.CreateAsync(tenant, Username, "Jane Doe");
            return (await users.GetAsync(tenant, user.UserId)).Username == Username ? "created" : "created, but reads back differently";
        }
        catch (ServiceException e)
        {
            return e.Code;
        }
    }
}

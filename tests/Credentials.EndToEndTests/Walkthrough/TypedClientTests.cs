using System.Net;
using Credentials.Client;
using Credentials.Client.Models;
using Credentials.Core.Connectors;
using Credentials.TestSupport.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.EndToEndTests.Walkthrough;

/// <summary>The user and credential routes through the typed client, registered as a consumer would, every answer checked against the OpenAPI document.</summary>
[Collection(SandboxCollection.Name)]
public sealed class TypedClientTests(SandboxServiceFixture service)
{
    [Fact]
    public async Task UsersPageAsAnAsyncStreamAreFoundByUsernameAndEdited()
    {
        var client = await ClientAsync();
        var names = new[] { "walt", "ada", "grace", "alan", "barbara", "edsger", "donald" };
        foreach (var name in names)
        {
            await client.CreateUserAsync(name, $"{name} Full");
        }

        var listed = new List<User>();
        await foreach (var user in client.ListUsersAsync(pageSize: 3))
        {
            listed.Add(user);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Select(u => u.Username));
        var grace = await client.FindUserByUsernameAsync("GRACE");
        Assert.Equal(listed.Single(u => u.Username == "grace"), grace);
        Assert.Null(await client.FindUserByUsernameAsync("linus"));

        var renamed = await client.UpdateUserAsync(grace!.UserId, "Grace Hopper");
        Assert.Equal("Grace Hopper", (await client.GetUserAsync(grace.UserId)).FullName);
        Assert.Null((await client.UpdateUserAsync(grace.UserId, null)).FullName);
        Assert.Equal(renamed with { FullName = null }, await client.GetUserAsync(grace.UserId));

        Assert.True(await client.DeleteUserAsync(grace.UserId));
        var gone = await Assert.ThrowsAsync<CredentialsApiException>(() => client.GetUserAsync(grace.UserId));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task ProblemsCarryTheirCodeStatusAndFieldErrors()
    {
        var client = await ClientAsync();
        await client.CreateUserAsync("taken");

        var duplicate = await Assert.ThrowsAsync<CredentialsApiException>(() => client.CreateUserAsync("TAKEN"));
        var invalid = await Assert.ThrowsAsync<CredentialsApiException>(() => client.CreateUserAsync("no spaces allowed"));

        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (duplicate.Status, duplicate.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (invalid.Status, invalid.Code));
        Assert.Contains("username", invalid.Errors.Keys);
    }

    [Fact]
    public async Task CredentialsAreStoredVerifiedUsedListedAndDeleted()
    {
        var client = await ClientAsync();
        var user = await client.CreateUserAsync("owner");

        var refused = await Assert.ThrowsAsync<CredentialsApiException>(() => client.CreateCredentialAsync(KeyCredential(user, "sk_live_not_valid_here")));
        Assert.Equal("verification_failed", refused.Code);
        var created = (await client.CreateCredentialAsync(KeyCredential(user, "sk_test_client"), idempotencyKey: "create-once")).Credential!;
        var replayed = (await client.CreateCredentialAsync(KeyCredential(user, "sk_test_client"), idempotencyKey: "create-once")).Credential!;

        Assert.Equivalent(created, replayed, strict: true);
        Assert.Equivalent(created, await client.GetCredentialAsync(created.CredentialId), strict: true);
        Assert.Equal(new Verification(true, "active"), await client.VerifyAsync(created.CredentialId));
        using (var me = await client.SendProxyAsync(created.CredentialId, HttpMethod.Get, "me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        var listed = new List<Credential>();
        await foreach (var credential in client.ListUserCredentialsAsync(user.UserId, pageSize: 1))
        {
            listed.Add(credential);
        }

        Assert.Equal([created.CredentialId], listed.Select(c => c.CredentialId));
        Assert.Equal("not_supported", (await client.DeleteCredentialAsync(created.CredentialId)).Revocation);
        Assert.Equal("not_found", (await Assert.ThrowsAsync<CredentialsApiException>(() => client.GetCredentialAsync(created.CredentialId))).Code);
    }

    [Fact]
    public async Task ScopesInARequestAddToTheConnectorsDefaults()
    {
        var client = await ClientAsync();
        var user = await client.CreateUserAsync("scoped");
        var landing = new Uri(service.BaseAddress, "sandbox/connected");
        await client.PutAuthConfigAsync(SandboxConnectors.OAuthConnectorId, SandboxConnectors.ClientId, SandboxConnectors.ClientSecret);
        await client.UpdateSettingsAsync([landing]);

        var link = (await client.CreateCredentialAsync(new NewCredential(user.UserId, SandboxConnectors.OAuthConnectorId, "oauth2")
        {
            RedirectUri = landing,
            Scopes = ["contacts.read", "profile"],
        })).AuthorizationLink!;

        var scope = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.OAuthUrl.Query)["scope"].ToString();
        Assert.Equal("profile offline_access contacts.read", scope);
    }

    private static NewCredential KeyCredential(User user, string key) => new(user.UserId, SandboxConnectors.ApiKeyConnectorId, "apiKey")
    {
        Data = new Dictionary<string, object?> { ["apiKey"] = key },
    };

    // Registered through IHttpClientFactory, as a consumer would, with the OpenAPI check as the primary handler.
    private async Task<CredentialsClient> ClientAsync()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Client");
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddCredentialsClient(o =>
        {
            o.BaseUrl = new Uri(service.BaseAddress, "api");
            o.ApiKey = apiKey;
        }).ConfigurePrimaryHttpMessageHandler(() => new OpenApiValidatingHandler(new SocketsHttpHandler()));
        return services.BuildServiceProvider().GetRequiredService<CredentialsClient>();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.Core.Refresh;
using Credentials.Core.UseCases;
using Credentials.Core.Webhooks;
using Credentials.TestSupport.Webhooks;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.EndToEndTests.OAuth;

/// <summary>Automatic refresh against a real OpenIddict server issuing 60 s tokens, driven by the service's fake clock.</summary>
[Collection(OAuthCollection.Name)]
public class RefreshEndToEndTests(OAuthServiceFixture service)
{
    [Fact]
    public async Task TheSweepRefreshesA60SecondTokenBeforeItExpiresAndNeverReusesARotatedRefreshToken()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var credentialId = await ConnectAsync(tenant);
        var (first, _) = await tenant.StoredAsync(credentialId);
        var sweep = service.App.Services.GetRequiredService<RefreshSweepService>();
        var refreshes = service.ShortLivedProvider.TokenRequestCountFor("refresh_token");

        // A 60 s token is due half-way through its life (the 10 minute window is capped at half the lifetime).
        service.Clock.Advance(TimeSpan.FromSeconds(20));
        await sweep.RunAsync();
        Assert.Equal(first.AccessToken, (await tenant.StoredAsync(credentialId)).Tokens.AccessToken);
        service.Clock.Advance(TimeSpan.FromSeconds(15));
        var summary = await sweep.RunAsync();

        Assert.True(summary.Refreshed >= 1);
        var (second, generation) = await tenant.StoredAsync(credentialId);
        Assert.Equal(2, generation);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.True(second.ExpiresAt > service.Clock.GetUtcNow().AddSeconds(30));
        Assert.True(service.ShortLivedProvider.TokenRequestCountFor("refresh_token") > refreshes);
        var view = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
        Assert.Equal("active", view.GetProperty("status").GetString());

        // The provider refuses the rotated-out refresh token (reuse leeway zero), so the service must never send it again.
        using var http = new HttpClient();
        var replay = await http.RequestRefreshTokenAsync(new RefreshTokenRequest { Address = service.ShortLivedProvider.TokenEndpoint.AbsoluteUri, ClientId = "short-client", ClientSecret = OAuthServiceFixture.ShortSecret, ClientCredentialStyle = ClientCredentialStyle.PostBody, RefreshToken = first.RefreshToken! });
        Assert.True(replay.IsError);
    }

    [Fact]
    public async Task FiftyConcurrentTokenReadsOverTwoInstancesCauseExactlyOneRefresh()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var credentialId = await ConnectAsync(tenant);
        await using var other = await service.StartAnotherInstanceAsync();
        using var otherApi = new HttpClient { BaseAddress = new Uri(other.Urls.First().TrimEnd('/') + "/api/") };
        otherApi.DefaultRequestHeaders.Authorization = tenant.Api.DefaultRequestHeaders.Authorization;
        service.Clock.Advance(TimeSpan.FromMinutes(2));
        var before = service.ShortLivedProvider.TokenRequestCountFor("refresh_token");

        // The fake clock must keep moving while a caller waits for the other instance's lease.
        using var stop = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                service.Clock.Advance(TimeSpan.FromMilliseconds(20));
                await Task.Delay(5);
            }
        });
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? tenant.Api : otherApi).GetAsync($"credentials/{credentialId}/token")));
        await stop.CancelAsync();
        await ticker;

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var tokens = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()));
        Assert.Single(tokens.Distinct());
        Assert.Equal(before + 1, service.ShortLivedProvider.TokenRequestCountFor("refresh_token"));
        var credential = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
        Assert.Equal("active", credential.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARevokedGrantMakesTheCredentialInvalidAndSendsASignedWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var secret = await SubscribeAsync(tenant, receiver);
        var credentialId = await ConnectAsync(tenant);
        var (tokens, _) = await tenant.StoredAsync(credentialId);
        await service.ShortLivedProvider.RevokeAllGrantsAsync("bob");

        var refresh = await tenant.Api.PostAsync($"credentials/{credentialId}/refresh", null);

        Assert.Equal(HttpStatusCode.Conflict, refresh.StatusCode);
        var problem = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("credential_invalid", problem.GetProperty("code").GetString());
        Assert.Equal("invalid_grant", problem.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await tenant.Api.GetAsync($"credentials/{credentialId}/token")).StatusCode);

        var delivered = await DeliverAsync(receiver, credentialId, WebhookEventTypes.CredentialInvalid);
        Assert.True(StandardWebhookVerifier.Verify(secret, delivered.Headers["webhook-id"], delivered.Headers["webhook-timestamp"], delivered.Headers["webhook-signature"], delivered.Body, service.Clock.GetUtcNow()));
        Assert.DoesNotContain(tokens.RefreshToken!, delivered.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.AccessToken, delivered.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderOutagesKeepTheCredentialActiveWithGrowingBackoffThenItRecoversWithAWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var secret = await SubscribeAsync(tenant, receiver);
        var credentialId = await ConnectAsync(tenant);
        var refresh = service.App.Services.GetRequiredService<RefreshService>();
        service.Clock.Advance(TimeSpan.FromSeconds(31));
        service.ShortLivedProvider.FailNextTokenRequests(3, 503);
        var delays = new List<TimeSpan>();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failed = await refresh.RefreshAsync(credentialId, RefreshMode.Scheduled);
            Assert.Equal(RefreshResult.Failed, failed.Result);
            var view = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
            Assert.Equal("active", view.GetProperty("status").GetString());
            Assert.Equal("transient", view.GetProperty("refreshError").GetProperty("code").GetString());
            Assert.Equal(attempt, view.GetProperty("refreshError").GetProperty("attempts").GetInt32());
            delays.Add(failed.RetryAfter!.Value);
            service.Clock.Advance(failed.RetryAfter.Value);
        }

        Assert.True(delays[2] > delays[0], string.Join(", ", delays));
        var recovered = await refresh.RefreshAsync(credentialId, RefreshMode.Scheduled);
        Assert.Equal(RefreshResult.Refreshed, recovered.Result);
        var after = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("refreshError").ValueKind);
        var delivered = await DeliverAsync(receiver, credentialId, WebhookEventTypes.CredentialRecovered);
        Assert.True(StandardWebhookVerifier.Verify(secret, delivered.Headers["webhook-id"], delivered.Headers["webhook-timestamp"], delivered.Headers["webhook-signature"], delivered.Body, service.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task WhileTheProviderIsDownAnExpiredTokenAnswers503WithRetryAfter()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var credentialId = await ConnectAsync(tenant);
        service.ShortLivedProvider.FailNextTokenRequests(1, 503);
        service.Clock.Advance(TimeSpan.FromMinutes(2));

        var response = await tenant.Api.GetAsync($"credentials/{credentialId}/token");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("provider_error", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task InvalidClientIsAnAuthConfigErrorNotTheEndUsersFault()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var credentialId = await ConnectAsync(tenant);
        service.ShortLivedProvider.FailNextTokenRequests(1, 401, "invalid_client");

        var refreshed = await tenant.Api.PostAsync($"credentials/{credentialId}/refresh", null);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var view = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", view.GetProperty("status").GetString());
        Assert.Equal("auth_config_error", view.GetProperty("refreshError").GetProperty("code").GetString());

        // A second forced refresh right away is cooled down and tells the caller when to retry.
        var again = await tenant.Api.PostAsync($"credentials/{credentialId}/refresh", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.NotNull(again.Headers.RetryAfter);
    }

    [Fact]
    public async Task AStorageRefusalAfterTheProviderAnsweredLosesNoTokenAndNeedsNoSecondRefresh()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var credentialId = await ConnectAsync(tenant);
        var before = service.ShortLivedProvider.TokenRequestCountFor("refresh_token");
        service.CredentialStore.FailNextUpdates(1);

        // DevServer keeps bundles sealed in the rows (Local mode): the refused row write is the one that carries the new tokens, so
        // it is retried as storage asks (the first wait is 2 s on the fixture's clock) and the refresh answers once it is stored.
        // In KeyVault mode the secret was written first and the row is repaired from it later (RefreshServiceTests).
        var refresh = tenant.Api.PostAsync($"credentials/{credentialId}/refresh", null);
        while (!refresh.IsCompleted)
        {
            await Task.Delay(50);
            service.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(HttpStatusCode.OK, (await refresh).StatusCode);
        var (stored, _) = await tenant.StoredAsync(credentialId);

        var token = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}/token");

        Assert.Equal(stored.AccessToken, token.GetProperty("accessToken").GetString());
        Assert.Equal(before + 1, service.ShortLivedProvider.TokenRequestCountFor("refresh_token"));
        var view = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
        Assert.Equal(stored.ExpiresAt!.Value.ToUnixTimeSeconds(), view.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    private static async Task<string> ConnectAsync(OAuthTestClient tenant)
    {
        var (_, landed) = await OAuthTestClient.FollowAsync(await tenant.StartAsync(OAuthServiceFixture.ShortConnector));
        return landed["credentialId"];
    }

    private static async Task<string> SubscribeAsync(OAuthTestClient tenant, WebhookReceiver receiver)
    {
        var current = await tenant.Api.GetFromJsonAsync<JsonElement>("settings");
        var uris = current.GetProperty("allowedRedirectUris").EnumerateArray().Select(u => u.GetString()).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Api.PutAsJsonAsync("settings", new { allowedRedirectUris = uris, webhookUrl = receiver.HookUrl })).StatusCode);
        var created = await tenant.Api.PostAsync("settings/webhook-secret", null);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString()!;
    }

    private async Task<ReceivedWebhook> DeliverAsync(WebhookReceiver receiver, string credentialId, string type)
    {
        var delivery = service.App.Services.GetRequiredService<WebhookDeliveryService>();
        for (var round = 0; round < 3; round++)
        {
            await delivery.DeliverDueAsync(service.Clock.GetUtcNow(), TimeSpan.FromSeconds(30), CancellationToken.None);
            var match = receiver.Received.FirstOrDefault(r => r.Body.Contains(type, StringComparison.Ordinal) && r.Body.Contains(credentialId, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }

            service.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        throw new Xunit.Sdk.XunitException($"No {type} webhook for {credentialId}; received: {string.Join(" | ", receiver.Received.Select(r => r.Body))}");
    }
}

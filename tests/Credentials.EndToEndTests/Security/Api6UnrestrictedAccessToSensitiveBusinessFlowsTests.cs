using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Credentials.EndToEndTests.Proxy;
using Microsoft.AspNetCore.WebUtilities;

namespace Credentials.EndToEndTests.Security;

[Collection(ProxyCollection.Name)]
[OwaspRisk("API6:2023", "Unrestricted Access to Sensitive Business Flows")]
public class Api6UnrestrictedAccessToSensitiveBusinessFlowsTests(ProxyServiceFixture service)
{
    private const string Connector = ProxyServiceFixture.OAuthConnector;

    [Fact]
    [SecurityCase("An OAuth state completes one connection only: the replayed callback shows the invalid-link page (400) and creates nothing")]
    public async Task AStateCompletesOneConnectionOnly()
    {
        var (api, userId) = await service.TenantAsync();
        var state = SecurityScenario.StateOf(await SecurityScenario.StartFlowAsync(api, userId, Connector));

        var first = await SecurityScenario.CallbackAsync(service, Connector, $"state={state}&code=code-1");
        var replay = await SecurityScenario.CallbackAsync(service, Connector, $"state={state}&code=code-2");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.True(QueryHelpers.ParseQuery(first.Headers.Location!.Query).ContainsKey("credentialId"), first.Headers.Location.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(1, (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    [SecurityCase("A pending OAuth state is stored only as a hash, and no log line or telemetry item (Azure SDK request URIs included) shows it, so a log reader cannot complete someone's flow")]
    public async Task APendingStateIsStoredHashedAndNeverLogged()
    {
        var (api, userId) = await service.TenantAsync();
        var state = SecurityScenario.StateOf(await SecurityScenario.StartFlowAsync(api, userId, Connector));

        var stored = new List<TableEntity>();
        await foreach (var row in new TableServiceClient(service.Azurite.ConnectionString).GetTableClient("oauthstates").QueryAsync<TableEntity>())
        {
            stored.Add(row);
        }

        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, row => (row.PartitionKey + row.RowKey + row.GetString("Json")).Contains(state, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityScenario.CallbackAsync(service, Connector, $"state={state}&code=logged-code")).StatusCode);
        var leaks = service.AllTelemetryText().Where(line => line.Contains(state, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "the state appears in: " + string.Join(Environment.NewLine, leaks.Take(3)));
    }

    [Theory]
    [SecurityCase("A redirectUri with a trailing CR LF, LF or tab, or off the tenant's allow-list, is refused when the flow starts (400), so no callback can answer 500 on it")]
    [InlineData("\r\n")]
    [InlineData("\t")]
    [InlineData("\n")]
    [InlineData("/other")]
    public async Task ARedirectUriWithControlCharactersOrOffTheListIsRefusedWhenTheFlowStarts(string suffix)
    {
        var (api, userId) = await service.TenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { SecurityScenario.Landing } })).StatusCode);

        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId = Connector, authenticationType = "oauth2", redirectUri = SecurityScenario.Landing + suffix });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await SecurityScenario.ProblemAsync(response)).GetProperty("code").GetString());
    }
}

using Credentials.Core.Credentials;
using Credentials.Core.Paging;
using Credentials.Core.UseCases;
using Credentials.Core.Users;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>End users of the calling tenant.</summary>
public sealed class UsersFunctions(ApiCall api, IdempotentCall idempotent, UserService users, CredentialService credentials)
{
    /// <summary>Creates a user; 409 when the username is taken in this tenant. A retry with the same <c>Idempotency-Key</c> gets the first answer.</summary>
    [Function("CreateUser")]
    public Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "users")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, tenant => idempotent.RunAsync(request, tenant, "users", async () =>
        {
            var fields = new JsonFields(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken), "username", "fullName");
            var username = fields.Text("username");
            var fullName = fields.Text("fullName");
            fields.ThrowIfInvalid();
            var user = await users.CreateAsync(tenant, username, fullName, cancellationToken);
            return ApiAnswer.Created($"/api/users/{user.UserId}", View(user));
        }, cancellationToken));

    /// <summary>Reads a user.</summary>
    [Function("GetUser")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant => ApiResults.Ok(View(await users.GetAsync(tenant, userId, cancellationToken))));

    /// <summary>Deletes a user with all their credentials and secrets.</summary>
    [Function("DeleteUser")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "users/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            // 202 while the repair finishes a large cascade: GET /users/{userId} shows "deleting" until it answers 404.
            return await users.DeleteAsync(tenant, userId, cancellationToken)
                ? ApiResults.NoContent()
                : ApiResults.Accepted(request, $"/api/users/{userId}", View(await users.GetAsync(tenant, userId, cancellationToken)));
        });

    /// <summary>One page of the user's credentials (metadata and status, never secrets).</summary>
    [Function("ListUserCredentials")]
    public Task<IResult> ListCredentialsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}/credentials")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var page = PageRequest.Parse(request.Query["limit"], request.Query["continuationToken"]);
            var result = await credentials.ListForUserAsync(tenant, userId, page, cancellationToken);
            return ApiResults.Ok(new { credentials = result.Items.Select(CredentialView.From), continuationToken = result.ContinuationToken });
        });

    private static object View(User user) => new { user.UserId, user.Username, user.FullName, user.CreatedAt, status = user.IsDeleting ? "deleting" : "active" };
}

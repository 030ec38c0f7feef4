using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Paging;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>End users of the calling tenant.</summary>
public sealed class UsersFunctions(ApiCall api, IdempotentCall idempotent, UserService users, CredentialService credentials, ApiRoutes routes, AuditTrail audit)
{
    /// <summary>Creates a user; 409 when the username is taken in this tenant. A retry with the same <c>Idempotency-Key</c> gets the first answer.</summary>
    [Function("CreateUser")]
    public Task<ApiResponse<UserView>> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "users")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant => ApiResponse.Stored<UserView>(await idempotent.RunAsync(request, tenant, "users", async () =>
        {
            var body = CreateUserRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var user = await users.CreateAsync(tenant, body.Username, body.FullName, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.UserCreate) with { UserId = user.UserId, Outcome = "created" });
            return ApiAnswer.Created(routes.User(user.UserId), user.ToView());
        }, cancellationToken)));

    /// <summary>
    /// One page of the tenant's users in username order (<c>limit</c>, <c>continuationToken</c>), or with <c>username</c> the one
    /// user of that name (case-insensitive): a list of at most one.
    /// </summary>
    [Function("ListUsers")]
    public Task<ApiResponse<UserList>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            if (request.Query.ContainsKey("username"))
            {
                var user = await users.FindByUsernameAsync(tenant, request.Query["username"], cancellationToken);
                return ApiResponse.Ok(new UserList(user is null ? [] : [user.ToView()], null));
            }

            var page = await users.ListAsync(tenant, PageRequest.Parse(request.Query["limit"], request.Query["continuationToken"]), cancellationToken);
            return ApiResponse.Ok(new UserList([.. page.Items.Select(u => u.ToView())], page.ContinuationToken));
        });

    /// <summary>Changes a user's <c>fullName</c> (JSON merge patch: <c>null</c> clears it, an absent field leaves it).</summary>
    [Function("UpdateUser")]
    public Task<ApiResponse<UserView>> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "users/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var body = UpdateUserRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var user = body.ChangesFullName
                ? await users.UpdateAsync(tenant, userId, body.FullName, cancellationToken)
                : await users.GetAsync(tenant, userId, cancellationToken);
            return ApiResponse.Ok(user.ToView());
        });

    /// <summary>Reads a user.</summary>
    [Function("GetUser")]
    public Task<ApiResponse<UserView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant => ApiResponse.Ok((await users.GetAsync(tenant, userId, cancellationToken)).ToView()));

    /// <summary>
    /// Deletes a user with all their credentials and secrets: 204 when done; 202 with the user (<c>status: deleting</c>) while the
    /// repair finishes a large cascade, after which <c>GET /users/{userId}</c> answers 404.
    /// </summary>
    [Function("DeleteUser")]
    public Task<ApiResponse<UserView>> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "users/{userId}")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var done = await users.DeleteAsync(tenant, userId, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.UserDelete) with { UserId = userId, Outcome = done ? "deleted" : "deleting" });
            return done
                ? ApiResponse.Stored<UserView>(ApiResults.NoContent())
                : ApiResponse.Accepted(request, routes.User(userId), (await users.GetAsync(tenant, userId, cancellationToken)).ToView());
        });

    /// <summary>One page of the user's credentials (metadata and status, never secrets).</summary>
    [Function("ListUserCredentials")]
    public Task<ApiResponse<CredentialList>> ListCredentialsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{userId}/credentials")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var page = PageRequest.Parse(request.Query["limit"], request.Query["continuationToken"]);
            var result = await credentials.ListForUserAsync(tenant, userId, page, cancellationToken);
            return ApiResponse.Ok(new CredentialList([.. result.Items.Select(c => c.ToView())], result.ContinuationToken));
        });
}

using Microsoft.EntityFrameworkCore;

namespace Credentials.TestOAuthServer;

/// <summary>The EF Core context holding one server's OpenIddict entities in an in-memory database.</summary>
internal sealed class TestServerDbContext(DbContextOptions<TestServerDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Registered on the model rather than through DbContextOptionsBuilder.UseOpenIddict(), which replaces an
        // EF internal service and so cannot be combined with the shared internal service provider.
        modelBuilder.UseOpenIddict();
    }
}

using Credentials.Core.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.Secrets;

public class DataKeyCacheTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void KeysExpireAfterTheTimeToLive()
    {
        var cache = new DataKeyCache(10, TimeSpan.FromMinutes(5), clock);
        cache.AddKey("ten-a", "v1", Key(1));
        cache.SetCurrent("ten-a", "v1");

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(Key(1), cache.TryGetKey("ten-a", "v1"));
        Assert.Equal("v1", cache.TryGetCurrent("ten-a"));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(cache.TryGetKey("ten-a", "v1"));
        Assert.Null(cache.TryGetCurrent("ten-a"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TheLeastRecentlyUsedKeyGoesBeyondTheCapacity()
    {
        var cache = new DataKeyCache(2, TimeSpan.FromMinutes(5), clock);
        cache.AddKey("ten-a", "v1", Key(1));
        cache.AddKey("ten-b", "v1", Key(2));
        Assert.NotNull(cache.TryGetKey("ten-a", "v1"));

        cache.AddKey("ten-c", "v1", Key(3));

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.TryGetKey("ten-b", "v1"));
        Assert.Equal(Key(1), cache.TryGetKey("ten-a", "v1"));
        Assert.Equal(Key(3), cache.TryGetKey("ten-c", "v1"));
    }

    [Fact]
    public void CallersGetCopiesSoZeroingTheirsOrAnEvictionCannotChangeAnotherCallersKey()
    {
        var cache = new DataKeyCache(1, TimeSpan.FromMinutes(5), clock);
        var source = Key(7);
        cache.AddKey("ten-a", "v1", source);
        source[0] = 0;
        var first = cache.TryGetKey("ten-a", "v1")!;
        first[1] = 0;

        Assert.Equal(Key(7), cache.TryGetKey("ten-a", "v1"));
        var held = cache.TryGetKey("ten-a", "v1")!;
        cache.AddKey("ten-b", "v1", Key(8));
        Assert.Null(cache.TryGetKey("ten-a", "v1"));
        Assert.Equal(Key(7), held);
    }

    [Fact]
    public void RemovingATenantForgetsAllItsVersionsAndItsCurrentVersionOnly()
    {
        var cache = new DataKeyCache(10, TimeSpan.FromMinutes(5), clock);
        cache.AddKey("ten-a", "v1", Key(1));
        cache.AddKey("ten-a", "v2", Key(2));
        cache.SetCurrent("ten-a", "v2");
        cache.AddKey("ten-b", "v1", Key(3));

        cache.RemoveTenant("ten-a");

        Assert.Null(cache.TryGetKey("ten-a", "v1"));
        Assert.Null(cache.TryGetKey("ten-a", "v2"));
        Assert.Null(cache.TryGetCurrent("ten-a"));
        Assert.Equal(Key(3), cache.TryGetKey("ten-b", "v1"));
    }

    private static byte[] Key(byte fill) => Enumerable.Repeat(fill, 32).ToArray();
}

using System.Globalization;

namespace Credentials.Core.Webhooks;

/// <summary>Times in webhook keys: UTC to the millisecond, written as fixed-width digits so keys sort by time.</summary>
public static class WebhookTimes
{
    /// <summary>The key format: 17 digits, <c>yyyyMMddHHmmssfff</c>.</summary>
    public const string KeyFormat = "yyyyMMddHHmmssfff";

    /// <summary><paramref name="value"/> in UTC with anything below a millisecond dropped, so a stored time and its key agree.</summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>The sortable key text of <paramref name="value"/>.</summary>
    public static string ToKey(DateTimeOffset value) => value.UtcDateTime.ToString(KeyFormat, CultureInfo.InvariantCulture);
}

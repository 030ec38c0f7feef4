namespace Credentials.Core.Configuration;

/// <summary>The audit trail's settings (<c>Credentials__Audit__*</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>How long entries are kept; whole months are dropped once every entry in them is older.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long entries wait in memory before they are written together: what a crash can lose at most, in time.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries an instance holds before new ones are dropped (and counted in a log line): what a crash can lose at most, in entries.</summary>
    public int BufferCapacity { get; set; } = 10_000;
}

namespace Credentials.Infra.Tests.Support;

/// <summary>A theory that needs the Bicep CLI; skipped, with the reason, where the packaged binary cannot run.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BicepTheoryAttribute : TheoryAttribute
{
    public BicepTheoryAttribute()
    {
        if (!BicepCli.IsSupportedPlatform)
        {
            Skip = BicepCli.UnsupportedPlatformReason;
        }
    }
}

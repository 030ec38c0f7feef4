namespace Credentials.Infra.Tests.Support;

/// <summary>A fact that needs the Bicep CLI; skipped, with the reason, where the packaged binary cannot run.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BicepFactAttribute : FactAttribute
{
    public BicepFactAttribute()
    {
        if (!BicepCli.IsSupportedPlatform)
        {
            Skip = BicepCli.UnsupportedPlatformReason;
        }
    }
}

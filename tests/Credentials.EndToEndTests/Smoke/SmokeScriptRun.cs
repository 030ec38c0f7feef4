namespace Credentials.EndToEndTests.Smoke;

/// <summary>What one run of scripts/smoke printed and how it ended.</summary>
public sealed record SmokeScriptRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything it printed, for assertion messages.</summary>
    public string Describe() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
}

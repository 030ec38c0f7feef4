namespace Credentials.Infra.Tests.Support;

/// <summary>How one run of a postprovision hook ended and what it printed (standard output and error together).</summary>
internal sealed record HookRun(int ExitCode, string Output);

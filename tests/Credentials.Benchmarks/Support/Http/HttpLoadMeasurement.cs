namespace Credentials.Benchmarks.Support.Http;

/// <summary>A timed HTTP run with what it cost elsewhere: the provider's token calls and DevServer's CPU time during it.</summary>
public sealed record HttpLoadMeasurement(HttpLoadResult Result, long ProviderCalls, TimeSpan ServerCpu);

namespace Credentials.Core.UseCases;

/// <summary>What one sweep did.</summary>
public sealed record SweepSummary(int Due, int Refreshed, int Failed, int Invalidated, int Skipped, int Cleaned, bool BudgetSpent, TimeSpan Duration, int Repaired = 0, int Resealed = 0);

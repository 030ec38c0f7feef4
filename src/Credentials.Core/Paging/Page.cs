using System.Text;
using Credentials.Core.Errors;

namespace Credentials.Core.Paging;

/// <summary>One page of a list and the opaque token of the next one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

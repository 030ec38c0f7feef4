namespace Credentials.Core.UseCases;

/// <summary>What the connect page's HTML depends on before its script has the token: who may frame it, and its language.</summary>
/// <param name="FrameAncestors">The session's tenant's allowed frame origins; empty (no framing) for an unknown session.</param>
/// <param name="Locale">The session's locale, or null.</param>
public sealed record ConnectPageContext(IReadOnlyList<string> FrameAncestors, string? Locale);

namespace Credentials.Functions.OpenApi;

/// <summary>
/// What the OpenAPI document says about one function beyond what its attribute and signature say: a summary, who may call it,
/// its body, its query and header parameters, its answers and the problem codes it may answer. Path and method come from the
/// function's trigger, so they cannot drift.
/// </summary>
/// <param name="FunctionName">The <c>[Function]</c> name, also the operationId.</param>
public sealed record ApiOperation(string FunctionName, string Summary)
{
    /// <summary>Longer text: rules, limits, what happens.</summary>
    public string? Description { get; init; }

    /// <summary>Who may call it.</summary>
    public ApiAccess Access { get; init; } = ApiAccess.Tenant;

    /// <summary>The JSON Schema of the request body, as JSON text; null when it takes none.</summary>
    public string? RequestSchema { get; init; }

    /// <summary>True when the body may be left out.</summary>
    public bool RequestOptional { get; init; }

    /// <summary>Query and header parameters.</summary>
    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    /// <summary>Its answers other than problems; empty means 200 with the signature's body (204 for <c>NoBody</c>).</summary>
    public IReadOnlyList<ApiResponseDescription> Responses { get; init; } = [];

    /// <summary>The problem codes it may answer besides those every operation of its access may (401, 500).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

using Credentials.Infra.Tests.Support;

namespace Credentials.Infra.Tests;

public sealed class RoleAssignmentTests
{
    [BicepFact]
    public void IdentityGetsLeastPrivilegeRolesEachScopedToItsResource() =>
        TemplateRules.RoleAssignmentsAreLeastPrivilege(CompiledInfra.Template);

    [BicepFact]
    public void NoQueueRoleIsGrantedWhileNothingUsesQueues() =>
        Assert.DoesNotContain(
            TemplateRules.RoleGrants(CompiledInfra.Template),
            grant => grant.RoleId == TemplateRules.StorageQueueDataContributor);

    [BicepFact]
    public void AllRoleAssignmentsAreDeclaredInRbacBicep()
    {
        var modules = CompiledInfra.Template.OfType("Microsoft.Authorization/roleAssignments")
            .Select(assignment => assignment.Module?.Name ?? "main").Distinct().ToList();
        Assert.Equal(new[] { "rbac" }, modules);
    }

    [BicepFact]
    public void DeployerRoleFitsAUserOrAServicePrincipalAndCanBeSwitchedOff() =>
        DeploymentRules.DeployerRoleFitsAnyPrincipalAndCanBeSwitchedOff(CompiledInfra.Template, File.ReadAllText(RepositoryPaths.MainParameters));
}

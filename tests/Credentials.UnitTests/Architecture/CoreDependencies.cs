using Mono.Cecil;

namespace Credentials.UnitTests.Architecture;

/// <summary>
/// Reads every namespace-to-namespace dependency of an assembly from its IL: signatures, attributes and method bodies
/// (calls, field accesses, type tokens, locals, catch clauses). Nested and compiler-generated types (closures, async state
/// machines) count for the namespace of the type that declares them.
/// </summary>
public static class CoreDependencies
{
    public static IReadOnlyList<NamespaceEdge> Read(string assemblyPath, string namespacePrefix)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var edges = new HashSet<NamespaceEdge>();
        foreach (var type in module.Types.Where(t => t.Namespace.StartsWith(namespacePrefix, StringComparison.Ordinal)))
        {
            var used = new HashSet<TypeReference>();
            Collect(type, used);
            foreach (var target in used)
            {
                var outer = Outermost(target);
                if (outer.Namespace.StartsWith(namespacePrefix, StringComparison.Ordinal) && outer.Namespace != type.Namespace)
                {
                    edges.Add(new NamespaceEdge(type.Namespace, type.Name, outer.Namespace, outer.Name));
                }
            }
        }

        return edges.OrderBy(e => e.ToString(), StringComparer.Ordinal).ToList();
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static void Collect(TypeDefinition type, HashSet<TypeReference> used)
    {
        Add(type.BaseType, used);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType, used);
        }

        Attributes(type, used);
        Constraints(type, used);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType, used);
            Attributes(field, used);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, used);
            Attributes(property, used);
        }

        foreach (var e in type.Events)
        {
            Add(e.EventType, used);
            Attributes(e, used);
        }

        foreach (var method in type.Methods)
        {
            Method(method, used);
        }

        foreach (var nested in type.NestedTypes)
        {
            Collect(nested, used);
        }
    }

    private static void Method(MethodDefinition method, HashSet<TypeReference> used)
    {
        Add(method.ReturnType, used);
        Attributes(method, used);
        Attributes(method.MethodReturnType, used);
        Constraints(method, used);
        foreach (var p in method.Parameters)
        {
            Add(p.ParameterType, used);
            Attributes(p, used);
        }

        foreach (var o in method.Overrides)
        {
            MethodRef(o, used);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var v in method.Body.Variables)
        {
            Add(v.VariableType, used);
        }

        foreach (var h in method.Body.ExceptionHandlers)
        {
            Add(h.CatchType, used);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    Add(t, used);
                    break;
                case MethodReference m:
                    MethodRef(m, used);
                    break;
                case FieldReference f:
                    Add(f.DeclaringType, used);
                    Add(f.FieldType, used);
                    break;
                case CallSite c:
                    Add(c.ReturnType, used);
                    foreach (var p in c.Parameters)
                    {
                        Add(p.ParameterType, used);
                    }

                    break;
            }
        }
    }

    private static void MethodRef(MethodReference method, HashSet<TypeReference> used)
    {
        Add(method.DeclaringType, used);
        Add(method.ReturnType, used);
        foreach (var p in method.Parameters)
        {
            Add(p.ParameterType, used);
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var a in generic.GenericArguments)
            {
                Add(a, used);
            }
        }
    }

    private static void Attributes(ICustomAttributeProvider provider, HashSet<TypeReference> used)
    {
        foreach (var a in provider.CustomAttributes)
        {
            Add(a.AttributeType, used);
            foreach (var arg in a.ConstructorArguments.Concat(a.Fields.Select(f => f.Argument)).Concat(a.Properties.Select(p => p.Argument)))
            {
                Add(arg.Type, used);
                if (arg.Value is TypeReference t)
                {
                    Add(t, used);
                }
            }
        }
    }

    private static void Constraints(IGenericParameterProvider provider, HashSet<TypeReference> used)
    {
        foreach (var g in provider.GenericParameters)
        {
            foreach (var c in g.Constraints)
            {
                Add(c.ConstraintType, used);
            }
        }
    }

    private static void Add(TypeReference? type, HashSet<TypeReference> used)
    {
        switch (type)
        {
            case null:
            case GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(generic.ElementType, used);
                foreach (var a in generic.GenericArguments)
                {
                    Add(a, used);
                }

                return;
            case FunctionPointerType fp:
                Add(fp.ReturnType, used);
                foreach (var p in fp.Parameters)
                {
                    Add(p.ParameterType, used);
                }

                return;
            case TypeSpecification spec:
                Add(spec.ElementType, used);
                return;
            default:
                used.Add(type);
                return;
        }
    }
}

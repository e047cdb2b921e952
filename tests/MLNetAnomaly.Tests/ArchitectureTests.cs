using System.Reflection;

namespace MLNetAnomaly.Tests;

/// <summary>The layering rule of the library: Core uses neither ML.NET nor TorchSharp; Torch uses no ML.NET.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Library = typeof(DeepDetectorEstimator).Assembly;

    [Theory]
    [InlineData("MLNetAnomaly.Core", "Microsoft.ML")]
    [InlineData("MLNetAnomaly.Core", "TorchSharp")]
    [InlineData("MLNetAnomaly.Torch", "Microsoft.ML")]
    public void LayerDoesNotDependOnForbiddenAssemblies(string layer, string forbiddenAssemblyPrefix)
    {
        var types = Library.GetTypes().Where(t => t.Namespace?.StartsWith(layer, StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(types);
        var offenders = types
            .SelectMany(t => ReferencedTypes(t).Select(r => (t, r)))
            .Where(pair => pair.r.Assembly.GetName().Name!.StartsWith(forbiddenAssemblyPrefix, StringComparison.Ordinal))
            .Select(pair => $"{pair.t.FullName} -> {pair.r.FullName}")
            .Distinct()
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type>();
        if (type.BaseType is not null)
        {
            direct.Add(type.BaseType);
        }

        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            var body = method.GetMethodBody();
            if (body is not null)
            {
                direct.AddRange(body.LocalVariables.Select(l => l.LocalType));
            }
        }

        return direct.SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            return Expand(type.GetElementType()!);
        }

        return type.IsGenericType ? new[] { type.GetGenericTypeDefinition() }.Concat(type.GetGenericArguments().SelectMany(Expand)) : new[] { type };
    }
}

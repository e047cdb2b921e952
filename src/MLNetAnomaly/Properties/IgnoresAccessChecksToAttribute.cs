namespace System.Runtime.CompilerServices;

/// <summary>
/// Recognised by the .NET runtime: the declaring assembly may access non-public members of the named assembly.
/// Declared here because the runtime looks it up by name and the framework does not ship it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    /// <summary>Creates the attribute for one assembly.</summary>
    /// <param name="assemblyName">The simple name of the assembly whose internals are used.</param>
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    /// <summary>The simple name of the assembly whose internals are used.</summary>
    public string AssemblyName { get; }
}

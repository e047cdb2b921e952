namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Tests that change libtorch's process-wide settings; xunit runs this collection alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTorchSettings
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process-wide libtorch settings";
}

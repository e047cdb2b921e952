namespace MLNetAnomaly;

/// <summary>Where a deep detector trains and scores.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when a CUDA backend and GPU are present, else the CPU.</summary>
    Auto = 0,

    /// <summary>The CPU. Deterministic for a given seed and thread count.</summary>
    Cpu = 1,

    /// <summary>A CUDA GPU; fails with a clear message when no CUDA backend or GPU is present.</summary>
    Cuda = 2,
}

using MLNetAnomaly.Torch.Runtime;

namespace MLNetAnomaly.Torch;

/// <summary>
/// TorchSharp initialises weights from one process-wide generator. Networks are built under this lock right after
/// seeding it, so that two detectors fitted at once on different threads still get reproducible weights.
/// </summary>
internal static class TorchSeeding
{
    private static readonly object Gate = new();

    /// <summary>Seeds the global generator and runs <paramref name="build"/> while no other build can interleave.</summary>
    internal static T BuildSeeded<T>(int seed, Func<T> build)
    {
        TorchNativeLibrary.EnsureLoadable();
        lock (Gate)
        {
            TorchSharp.torch.manual_seed(seed);
            return build();
        }
    }

    /// <summary>
    /// Runs <paramref name="build"/> under the same lock without seeding: for a network whose weights are overwritten
    /// right after (a session's copy of a fitted network), which must still not draw from the generator while another
    /// thread's seeded build is under way.
    /// </summary>
    internal static T BuildUnseeded<T>(Func<T> build)
    {
        TorchNativeLibrary.EnsureLoadable();
        lock (Gate)
        {
            return build();
        }
    }
}

using MLNetAnomaly.Torch.Runtime;

namespace MLNetAnomaly.Torch;

/// <summary>libtorch's CPU thread count is process-wide; this shares it out among parallel work and restores it.</summary>
internal static class TorchThreads
{
    /// <summary>
    /// When <paramref name="parallel"/> is above 1, gives libtorch max(1, cores / parallel) threads until the returned
    /// scope is disposed, then restores the previous count; otherwise changes nothing.
    /// </summary>
    internal static IDisposable Share(int parallel)
    {
        if (parallel <= 1)
        {
            return new Scope(null);
        }

        TorchNativeLibrary.EnsureLoadable();
        var previous = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / parallel));
        return new Scope(previous);
    }

    private sealed class Scope(int? previous) : IDisposable
    {
        public void Dispose()
        {
            if (previous is { } threads)
            {
                TorchSharp.torch.set_num_threads(threads);
            }
        }
    }
}

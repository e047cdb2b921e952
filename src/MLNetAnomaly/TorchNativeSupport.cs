using MLNetAnomaly.Torch.Runtime;

namespace MLNetAnomaly;

/// <summary>
/// Prepares TorchSharp's native library for this process. Every detector calls it before touching TorchSharp, so
/// most applications never need it; call it yourself only if your code uses TorchSharp directly before any detector.
/// On Linux systems whose libstdc++ is older than TorchSharp's build needs (Debian 12, Ubuntu 22.04), it loads a
/// copy of <c>libLibTorchSharp.so</c> whose unmet, unused version requirement is marked weak; elsewhere it does
/// nothing. See docs/decisions/0001-torchsharp-native-loading.md.
/// </summary>
public static class TorchNativeSupport
{
    /// <summary>Prepares the native library once per process and returns what was done, for logs.</summary>
    /// <returns>A one-line description of the outcome.</returns>
    public static string EnsureLoadable()
    {
        TorchNativeLibrary.EnsureLoadable();
        return TorchNativeLibrary.Outcome;
    }
}

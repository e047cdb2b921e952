using MLNetAnomaly.Torch.Runtime;
using TorchSharp;

namespace MLNetAnomaly.Tests.Torch;

public sealed class TorchNativeLibraryTests
{
    [Fact]
    public void NativeBackendLoadsAndComputesOnThisMachine()
    {
        TorchNativeLibrary.EnsureLoadable();

        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = (a * a).sum();
        Assert.Equal(14f, b.item<float>());
        Assert.NotEqual("not run", TorchNativeLibrary.Outcome);
        if (TorchNativeLibrary.PatchedLibraryPath is { } patched)
        {
            // A patched copy lives outside the NuGet cache and the application folder.
            Assert.True(File.Exists(patched));
            Assert.DoesNotContain(".nuget", patched, StringComparison.Ordinal);
            Assert.False(patched.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal));
        }
    }
}

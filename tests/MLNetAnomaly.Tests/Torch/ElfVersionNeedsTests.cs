using MLNetAnomaly.Torch.Runtime;

namespace MLNetAnomaly.Tests.Torch;

public sealed class ElfVersionNeedsTests
{
    /// <summary>
    /// The TorchSharp native library copied into the test output. It must be there on linux-x64, where these tests
    /// apply; elsewhere (no ELF library to read) the tests skip, saying why.
    /// </summary>
    private static string? ShippedLibrary()
    {
        if (!OperatingSystem.IsLinux() || !RuntimeArchitectureIsX64())
        {
            return null;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"libLibTorchSharp.so should be in the test output at {path}");
        return path;
    }

    [SkippableFact]
    public void ShippedLibraryNeedsGlibcxx332ButBindsNoSymbolOfIt()
    {
        var path = ShippedLibrary();
        Skip.If(path is null, "The shipped libLibTorchSharp.so is a Linux x64 file; this machine is not Linux x64.");

        var elf = ElfVersionNeeds.Parse(File.ReadAllBytes(path!));
        var required = elf.Requirements.Single(r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", required.File);
        Assert.False(elf.IsBoundByRelocation(required.Index));

        // Versions that do carry relocated symbols are recognised as such.
        Assert.Contains(elf.Requirements, r => r.Version.StartsWith("GLIBC_", StringComparison.Ordinal) && elf.IsBoundByRelocation(r.Index));
    }

    [SkippableFact]
    public void MarkingWeakSetsOnlyTheNamedRequirementsFlag()
    {
        var path = ShippedLibrary();
        Skip.If(path is null, "The shipped libLibTorchSharp.so is a Linux x64 file; this machine is not Linux x64.");

        var original = ElfVersionNeeds.Parse(File.ReadAllBytes(path!));
        var patched = ElfVersionNeeds.Parse(original.WithWeakRequirements(new[] { "GLIBCXX_3.4.32" }));

        foreach (var (before, after) in original.Requirements.Zip(patched.Requirements))
        {
            Assert.Equal(before.Version, after.Version);
            var expected = before.Version == "GLIBCXX_3.4.32" ? (ushort)(before.Flags | 0x2) : before.Flags;
            Assert.Equal(expected, after.Flags);
        }
    }

    [SkippableFact]
    public void RefusesToWeakenAVersionThatARelocationBinds()
    {
        var path = ShippedLibrary();
        Skip.If(path is null, "The shipped libLibTorchSharp.so is a Linux x64 file; this machine is not Linux x64.");

        var elf = ElfVersionNeeds.Parse(File.ReadAllBytes(path!));
        var bound = elf.Requirements.First(r => elf.IsBoundByRelocation(r.Index));
        Assert.Throws<InvalidOperationException>(() => elf.WithWeakRequirements(new[] { bound.Version }));
    }

    [SkippableFact]
    public void NonElfInputIsRejected()
        => Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(new byte[128]));

    private static bool RuntimeArchitectureIsX64()
        => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;
}

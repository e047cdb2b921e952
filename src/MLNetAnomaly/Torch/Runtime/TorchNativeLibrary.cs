using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace MLNetAnomaly.Torch.Runtime;

/// <summary>
/// Makes TorchSharp's native library load on Linux systems whose libstdc++ is older than the one it was built
/// against. TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks for <c>GLIBCXX_3.4.32</c> (GCC 13), which Debian 12
/// and Ubuntu 22.04 lack, although no symbol of that version is bound by a relocation. When, and only when, loading
/// the shipped file fails for that reason, a copy whose unmet requirement is marked weak is written to a cache
/// folder and loaded first, so that TorchSharp's own loading finds it already in the process.
/// Nothing happens on Windows, macOS, or where the shipped library loads as it is; the NuGet cache is never written.
/// See docs/decisions/0001-torchsharp-native-loading.md.
/// </summary>
internal static partial class TorchNativeLibrary
{
    /// <summary>Environment variable that overrides the folder the patched copy is written to.</summary>
    internal const string CacheFolderVariable = "MLNETANOMALY_NATIVE_CACHE";

    private const string LibraryFileName = "libLibTorchSharp.so";
    private static readonly string[] Dependencies = { "libc10.so", "libtorch_cpu.so", "libtorch.so" };
    private static readonly object Gate = new();
    private static bool _prepared;

    /// <summary>What <see cref="EnsureLoadable"/> did, for diagnostics and tests.</summary>
    internal static string Outcome { get; private set; } = "not run";

    /// <summary>The patched copy that was loaded, or <c>null</c> when the shipped library was usable as it is.</summary>
    internal static string? PatchedLibraryPath { get; private set; }

    /// <summary>
    /// Prepares TorchSharp's native library once per process. Safe to call often and from several threads.
    /// </summary>
    internal static void EnsureLoadable()
    {
        if (_prepared)
        {
            return;
        }

        lock (Gate)
        {
            if (_prepared)
            {
                return;
            }

            Outcome = Prepare();
            _prepared = true;
        }
    }

    private static string Prepare()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux: nothing to do";
        }

        var original = FindShippedLibrary();
        if (original is null)
        {
            return $"{LibraryFileName} not found next to the application: left to TorchSharp";
        }

        var directory = Path.GetDirectoryName(original)!;
        foreach (var dependency in Dependencies)
        {
            var path = FindInSearchDirectories(dependency, directory);
            if (path is not null)
            {
                NativeLibrary.TryLoad(path, out _);
            }
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var candidate = original;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            string error;
            try
            {
                NativeLibrary.Load(candidate);
                if (candidate == original)
                {
                    return $"{original} loads as shipped";
                }

                PatchedLibraryPath = candidate;
                RouteTorchSharpImports(candidate);
                return $"{original} needs {string.Join(", ", missing)}, which this system lacks; loaded {candidate}, where that requirement is weak";
            }
            catch (DllNotFoundException exception)
            {
                error = exception.Message;
            }

            var unmet = MissingVersion().Match(error);
            if (!unmet.Success || !error.Contains(LibraryFileName, StringComparison.Ordinal) || !missing.Add(unmet.Groups[1].Value))
            {
                // Another cause (or one a weak requirement cannot fix): TorchSharp reports it with its own trace.
                return $"{original} does not load and cannot be repaired here: {error}";
            }

            candidate = WritePatchedCopy(original, missing);
        }

        return $"{original} still fails to load after marking {string.Join(", ", missing)} weak";
    }

    private static string WritePatchedCopy(string original, IReadOnlyCollection<string> weakVersions)
    {
        var image = File.ReadAllBytes(original);
        var elf = ElfVersionNeeds.Parse(image);
        var key = Convert.ToHexString(SHA256.HashData(image))[..16] + "-" + string.Join("-", weakVersions);
        var folder = Path.Combine(CacheRoot(), key);
        var target = Path.Combine(folder, LibraryFileName);
        if (File.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $"{LibraryFileName}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, elf.WithWeakRequirements(weakVersions));
        File.Move(temporary, target, overwrite: true);
        return target;
    }

    private static string CacheRoot()
    {
        var configured = Environment.GetEnvironmentVariable(CacheFolderVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : !string.IsNullOrWhiteSpace(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(root, "mlnetanomaly", "native");
    }

    /// <summary>
    /// TorchSharp's P/Invokes name "LibTorchSharp"; once the patched copy is in the process, they are pointed at it.
    /// A resolver set by someone else is left alone: the loaded copy's soname already satisfies name-based loads.
    /// </summary>
    private static void RouteTorchSharpImports(string patched)
    {
        var handle = NativeLibrary.Load(patched);
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, (name, _, _) =>
                name is "LibTorchSharp" or LibraryFileName ? handle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string? FindShippedLibrary() => FindInSearchDirectories(LibraryFileName, preferred: null);

    private static string? FindInSearchDirectories(string fileName, string? preferred)
    {
        foreach (var directory in SearchDirectories(preferred))
        {
            var path = Path.Combine(directory, fileName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static IEnumerable<string> SearchDirectories(string? preferred)
    {
        if (preferred is not null)
        {
            yield return preferred;
        }

        // The host lists the folders of every native asset in the application's deps.json.
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string listed)
        {
            foreach (var directory in listed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return directory;
            }
        }

        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var baseDirectory in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) })
        {
            if (string.IsNullOrEmpty(baseDirectory))
            {
                continue;
            }

            yield return baseDirectory;
            yield return Path.Combine(baseDirectory, "runtimes", rid, "native");
        }
    }

    [GeneratedRegex(@"version `([A-Za-z0-9_.]+)' not found")]
    private static partial Regex MissingVersion();
}

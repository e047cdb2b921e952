using MLNetAnomaly.Core.Storage;

namespace MLNetAnomaly.Cli.Data;

/// <summary>
/// How every file the CLI writes is written: checked before any work starts (not a folder, not one of the command's
/// inputs), then written through the library's <see cref="AtomicFile"/>: to a temporary file beside it, moved into
/// place only when complete, so a failure or a killed process leaves the previous file whole and never a truncated one.
/// </summary>
internal static class SafeFile
{
    /// <summary>
    /// Refuses, with a message naming <paramref name="option"/>, an output path that is a folder or one of
    /// <paramref name="inputs"/> (which writing would destroy before it is read); creates its folder when missing.
    /// </summary>
    internal static void CheckOutput(string path, string option, params string?[] inputs)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliException($"{option} '{path}' is a folder; give a file name (for example {Path.Combine(path, "out" + Path.GetExtension(full))}).");
        }

        foreach (var input in inputs)
        {
            if (input is not null && string.Equals(full, Path.GetFullPath(input), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                throw new CliException($"{option} '{path}' is also an input of this command; writing it would destroy the input. Choose another file.");
            }
        }

        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Writes <paramref name="path"/> through a stream, atomically (<see cref="AtomicFile"/>).</summary>
    internal static void Write(string path, Action<Stream> write) => AtomicFile.Write(path, write);

    /// <summary>Writes text to <paramref name="path"/>, atomically.</summary>
    internal static void WriteText(string path, Action<TextWriter> write) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        write(writer);
    });

    /// <summary>
    /// Lets <paramref name="writeFile"/> write a temporary path (for APIs that only take a path, such as ML.NET's model
    /// save or a plot's PNG export), then moves it over <paramref name="path"/>.
    /// </summary>
    internal static void WriteThrough(string path, Action<string> writeFile) => AtomicFile.WriteThrough(path, writeFile);
}

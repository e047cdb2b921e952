namespace MLNetAnomaly.Core.Storage;

/// <summary>
/// Writes a file so that it is either the previous file or the whole new one, never a part: the content goes to a
/// temporary file in the same folder, is flushed to the disk, and only then replaces the file by a rename, which the
/// file system does at once. A failure deletes the temporary; a process killed during the write leaves the previous
/// file whole, and may leave its temporary (named <c>.NAME.GUID.tmp.EXT</c> beside it), which is safe to delete.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through a stream.</summary>
    internal static void Write(string path, Action<Stream> write) => WriteThrough(path, temporary =>
    {
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    /// <summary>
    /// Lets <paramref name="writeFile"/> write a temporary path (for APIs that only take a path, such as a plot's PNG
    /// export), then moves it over <paramref name="path"/>.
    /// </summary>
    internal static void WriteThrough(string path, Action<string> writeFile)
    {
        var full = Path.GetFullPath(path);
        var temporary = TemporaryPathFor(full);
        try
        {
            writeFile(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The hidden temporary a write of <paramref name="fullPath"/> goes through.</summary>
    internal static string TemporaryPathFor(string fullPath)
        => Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(fullPath)}");
}

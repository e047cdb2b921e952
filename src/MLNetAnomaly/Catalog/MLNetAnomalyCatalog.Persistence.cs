using System.Reflection;
using Microsoft.ML;
using MLNetAnomaly.Core.Storage;
using MLNetAnomaly.Torch;

namespace MLNetAnomaly;

// Saving model files so that a crash never leaves half a file; loading them with one clear error for damage.
public static partial class MLNetAnomalyCatalog
{
    /// <summary>
    /// Saves a model file, like <c>mlContext.Model.Save(model, inputSchema, filePath)</c>, but atomically: the model
    /// is written to a temporary file beside <paramref name="filePath"/>, flushed to the disk, and only then moved over
    /// it. A failure, or a process killed during the save, leaves the previous file whole (ML.NET's own save truncates
    /// the file first, so a kill there leaves a damaged model). A killed process may leave its hidden temporary
    /// (<c>.NAME.GUID.tmp.zip</c>) beside the file; it is safe to delete.
    /// </summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">The fitted model (a detector, or any pipeline holding detectors).</param>
    /// <param name="inputSchema">The schema of the data the model takes, saved with it (<c>data.Schema</c>), or null, as ML.NET allows.</param>
    /// <param name="filePath">The model file to write; its folder must exist.</param>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="filePath"/> does not exist.</exception>
    public static void SaveDetectorModel(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (Directory.Exists(filePath))
        {
            throw new ArgumentException($"'{filePath}' is a folder; give the model file's name (for example {Path.Combine(filePath, "model.zip")}).", nameof(filePath));
        }

        AtomicFile.Write(filePath, stream => catalog.Save(model, inputSchema, stream));
    }

    /// <summary>
    /// Loads a model file, like <c>mlContext.Model.Load(filePath, out inputSchema)</c>, but a damaged file (flipped
    /// or missing bytes anywhere: in the zip structure, in ML.NET's parts or in ours) fails with one
    /// <see cref="InvalidDataException"/> that names the file and says it is damaged, whatever part of the file was hit.
    /// (Our own parts carry digests, so with either method a damaged detector never loads with different weights or
    /// settings; this method also turns ML.NET's and the zip reader's messages into that one error.)
    /// </summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">The model file written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The schema of the data the model was saved with.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or is not a model file.</exception>
    /// <exception cref="NotSupportedException">The file was written by a newer version of MLNetAnomaly, or in a retired pre-release format.</exception>
    /// <exception cref="InvalidOperationException">The loading context asks for a CUDA device (<c>GpuDeviceId</c>) this process does not have, and does not allow falling back to the CPU.</exception>
    public static ITransformer LoadDetectorModel(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!File.Exists(filePath))
        {
            throw new FileNotFoundException($"Model file '{filePath}' was not found.", filePath);
        }

        // A locked or unreadable file fails here, as itself, not as damage.
        using var stream = File.OpenRead(filePath);
        try
        {
            return catalog.Load(stream, out inputSchema);
        }
        catch (Exception exception) when (Causes(exception).OfType<NotSupportedException>().FirstOrDefault() is { } format)
        {
            throw new NotSupportedException($"The model file '{filePath}' cannot be loaded: {format.Message}", exception);
        }
        catch (Exception exception) when (Causes(exception).OfType<DeviceUnavailableException>().FirstOrDefault() is { } device)
        {
            throw new InvalidOperationException($"The model file '{filePath}' cannot be loaded: {device.Message}", exception);
        }
        catch (Exception exception) when (IsDamage(exception))
        {
            var cause = Causes(exception).Last();
            throw new InvalidDataException($"The model file '{filePath}' is damaged and cannot be loaded ({cause.Message.TrimEnd('.')}). Save the model again, or restore the file from a copy.", exception);
        }
    }

    /// <summary>True for what a damaged file throws; false for what damage cannot cause (no memory, no access, a cancellation).</summary>
    private static bool IsDamage(Exception exception)
        => !Causes(exception).Any(cause => cause is OutOfMemoryException or UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException or OperationCanceledException);

    /// <summary>The exception and its inner exceptions, outermost first (ML.NET wraps a loader's exception in its own).</summary>
    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}

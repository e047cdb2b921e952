using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.ML;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Streaming;

/// <summary>
/// The checkpoint file of a streaming engine. Layout (little-endian):
/// 8 bytes "MLNACKPT", int32 format, 32 bytes model fingerprint, int64 points seen, int32 n, n bytes of session
/// state, 32 bytes SHA-256 of that state. The fingerprint is a SHA-256 over the names and contents of the entries
/// of the detector's ML.NET model file, so a checkpoint only restores into an engine of the same model, whether
/// that model was fitted in this process or loaded from a file.
/// </summary>
internal static class StreamingCheckpoint
{
    private const int Format = 1;
    private static readonly byte[] Magic = "MLNACKPT"u8.ToArray();
    private static readonly ConditionalWeakTable<SequentialDetectorTransformer, byte[]> Fingerprints = new();

    /// <summary>Writes <paramref name="session"/>'s state after the header.</summary>
    internal static void Write(Stream stream, SequentialDetectorTransformer model, long position, IDetectorSession session)
    {
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            session.SaveState(writer);
        }

        var payload = state.ToArray();
        using var output = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        output.Write(Magic);
        output.Write(Format);
        output.Write(Fingerprint(model));
        output.Write(position);
        output.Write(payload.Length);
        output.Write(payload);
        output.Write(SHA256.HashData(payload));
    }

    /// <summary>Reads a checkpoint into <paramref name="session"/> (a fresh session) and returns the points it had seen.</summary>
    internal static long Read(Stream stream, SequentialDetectorTransformer model, IDetectorSession session)
    {
        try
        {
            using var input = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (!input.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("The stream does not hold an MLNetAnomaly streaming checkpoint.");
            }

            var format = input.ReadInt32();
            if (format != Format)
            {
                throw new NotSupportedException($"The checkpoint has format {format}; this version of MLNetAnomaly reads format {Format}. Upgrade the package to read it.");
            }

            if (!input.ReadBytes(32).AsSpan().SequenceEqual(Fingerprint(model)))
            {
                throw new InvalidDataException("The checkpoint was written by an engine of another model; restore it into an engine created from the model that wrote it.");
            }

            var position = input.ReadInt64();
            var length = input.ReadInt32();
            if (position < 0 || length < 0 || length > 1 << 30 || (stream.CanSeek && length > stream.Length - stream.Position))
            {
                throw new InvalidDataException("The checkpoint is damaged (impossible header values).");
            }

            var payload = input.ReadBytes(length);
            var hash = input.ReadBytes(32);
            if (payload.Length != length || !hash.AsSpan().SequenceEqual(SHA256.HashData(payload)))
            {
                throw new InvalidDataException("The checkpoint is truncated or damaged (its state does not match its checksum).");
            }

            using var reader = new BinaryReader(new MemoryStream(payload), System.Text.Encoding.UTF8);
            session.RestoreState(reader);
            if (reader.BaseStream.Position != payload.Length)
            {
                throw new InvalidDataException("The checkpoint holds more state than this detector keeps; it was written by a detector of another shape.");
            }

            return position;
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The checkpoint is truncated.", exception);
        }
    }

    /// <summary>SHA-256 over the entry names and contents of the model's ML.NET file (entry timestamps excluded).</summary>
    private static byte[] Fingerprint(SequentialDetectorTransformer model) => Fingerprints.GetValue(model, static m =>
    {
        using var file = new MemoryStream();
        new MLContext().Model.Save(m, null, file);
        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(entry.FullName));
            using var content = entry.Open();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            hash.AppendData(copy.ToArray());
        }

        return hash.GetHashAndReset();
    });
}

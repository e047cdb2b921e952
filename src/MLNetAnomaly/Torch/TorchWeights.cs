using System.Security.Cryptography;
using TorchSharp;

namespace MLNetAnomaly.Torch;

/// <summary>
/// Serialises a network's weights to bytes (TorchSharp's state format, keyed by field names) and back.
/// The bytes travel with a SHA-256 digest so a damaged model file fails with a clear message, not inside libtorch.
/// </summary>
internal static class TorchWeights
{
    /// <summary>Writes the weights of <paramref name="module"/> as length, digest and bytes (TorchSharp copies device tensors to the CPU as it writes).</summary>
    internal static void Write(BinaryWriter writer, torch.nn.Module module)
    {
        using var buffer = new MemoryStream();
        using (var inner = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            module.save(inner);
        }

        var bytes = buffer.ToArray();
        writer.Write(bytes.Length);
        writer.Write(SHA256.HashData(bytes));
        writer.Write(bytes);
    }

    /// <summary>Reads weights written by <see cref="Write"/> into <paramref name="module"/>, which must have the same layout.</summary>
    internal static void Read(BinaryReader reader, torch.nn.Module module, string what)
    {
        var length = reader.ReadInt32();
        if (length <= 0 || length > reader.BaseStream.Length)
        {
            throw new InvalidDataException($"The {what} weights in the model file are damaged (length {length}).");
        }

        var digest = reader.ReadBytes(32);
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length || !SHA256.HashData(bytes).AsSpan().SequenceEqual(digest))
        {
            throw new InvalidDataException($"The {what} weights in the model file are damaged or truncated (checksum mismatch).");
        }

        try
        {
            using var inner = new BinaryReader(new MemoryStream(bytes));
            module.load(inner, strict: true);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException($"The {what} weights in the model file do not fit the network they were saved with: {exception.Message}", exception);
        }
    }
}

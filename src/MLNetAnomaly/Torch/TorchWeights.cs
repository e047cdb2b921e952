using System.Security.Cryptography;
using TorchSharp;

namespace MLNetAnomaly.Torch;

/// <summary>
/// A network's weights as bytes (TorchSharp's state format, keyed by the modules' registered names, which a test pins)
/// and back. In a model file the bytes travel inside a component's payload, whose digest covers them.
/// </summary>
internal static class TorchWeights
{
    /// <summary>The weights of <paramref name="module"/> (TorchSharp copies device tensors to the CPU as it writes).</summary>
    internal static byte[] ToBytes(torch.nn.Module module)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Loads weights from <see cref="ToBytes"/> into <paramref name="module"/>, which must have the same layout.</summary>
    internal static void Load(torch.nn.Module module, byte[] bytes, string component)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            module.load(reader, strict: true);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"The {component} in the model file is damaged: its weights do not fit the network they were saved with ({exception.Message}).", exception);
        }
    }

    /// <summary>Writes weights as length, SHA-256 digest and bytes: the format of the shipped SR-CNN resource.</summary>
    internal static void WriteDigested(BinaryWriter writer, torch.nn.Module module)
    {
        var bytes = ToBytes(module);
        writer.Write(bytes.Length);
        writer.Write(SHA256.HashData(bytes));
        writer.Write(bytes);
    }

    /// <summary>Reads weights written by <see cref="WriteDigested"/> into <paramref name="module"/>.</summary>
    internal static void ReadDigested(BinaryReader reader, torch.nn.Module module, string what)
    {
        var length = reader.ReadInt32();
        var digest = reader.ReadBytes(32);
        var bytes = length > 0 && length <= reader.BaseStream.Length ? reader.ReadBytes(length) : Array.Empty<byte>();
        if (bytes.Length == 0 || bytes.Length != length || !SHA256.HashData(bytes).AsSpan().SequenceEqual(digest))
        {
            throw new InvalidDataException($"The {what} weights are damaged or truncated (checksum mismatch).");
        }

        Load(module, bytes, what);
    }
}

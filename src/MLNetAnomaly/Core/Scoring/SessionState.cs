namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// Reading and writing the state of a scoring session (for streaming checkpoints). Arrays are written with their
/// length and read back into arrays of the length the session already has, so a checkpoint of another detector
/// shape is refused instead of misread.
/// </summary>
internal static class SessionState
{
    /// <summary>Writes the length and the values.</summary>
    internal static void Write(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Writes the length and the values.</summary>
    internal static void Write(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads values written by <see cref="Write(BinaryWriter, ReadOnlySpan{double})"/> into <paramref name="target"/>, which must have their length.</summary>
    internal static void Read(BinaryReader reader, Span<double> target)
    {
        ReadLength(reader, target.Length);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = reader.ReadDouble();
        }
    }

    /// <summary>Reads values written by <see cref="Write(BinaryWriter, ReadOnlySpan{float})"/> into <paramref name="target"/>, which must have their length.</summary>
    internal static void Read(BinaryReader reader, Span<float> target)
    {
        ReadLength(reader, target.Length);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = reader.ReadSingle();
        }
    }

    /// <summary>Reads a count written with <see cref="BinaryWriter.Write(int)"/> and checks it lies in [0, <paramref name="maximum"/>].</summary>
    internal static int ReadCount(BinaryReader reader, int maximum)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > maximum)
        {
            throw new InvalidDataException($"The checkpoint holds a count of {count} where at most {maximum} is possible for this detector.");
        }

        return count;
    }

    /// <summary>Reads an index and checks it lies in [0, <paramref name="length"/>).</summary>
    internal static int ReadIndex(BinaryReader reader, int length)
    {
        var index = reader.ReadInt32();
        if (index < 0 || index >= Math.Max(length, 1))
        {
            throw new InvalidDataException($"The checkpoint holds position {index} in a buffer of {length}.");
        }

        return index;
    }

    private static void ReadLength(BinaryReader reader, int expected)
    {
        var length = reader.ReadInt32();
        if (length != expected)
        {
            throw new InvalidDataException($"The checkpoint holds {length} values where this detector keeps {expected}; it was written by a detector of another shape.");
        }
    }
}

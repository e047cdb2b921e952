using System.Security.Cryptography;
using System.Text;

namespace MLNetAnomaly.ML.Persistence;

/// <summary>
/// The payload one of our components writes into an ML.NET model file: named values (numbers, flags, strings,
/// arrays, byte blobs) rather than fields in a fixed order, so a newer reader takes a missing value at its default and
/// an older one ignores a value it does not know. The whole payload travels with its length and a SHA-256 digest:
/// a model file damaged anywhere in our part fails to load with a message saying so, instead of loading and scoring
/// differently.
/// </summary>
/// <remarks>
/// Layout: int32 payload length, 32-byte SHA-256 of the payload, the payload. Payload: int32 count, then per value a
/// string name, a byte type tag and the value (int32, int64, double, bool, string-or-null as bool + string, double
/// arrays and byte arrays as int32 count + items).
/// </remarks>
internal sealed class ModelValues
{
    private const int MaximumLength = 1 << 30;
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    private enum Tag : byte
    {
        Int32 = 1,
        Int64 = 2,
        Double = 3,
        Boolean = 4,
        String = 5,
        Doubles = 6,
        Bytes = 7,
    }

    /// <summary>The component the values belong to, for error messages ("deep detector").</summary>
    internal string Component { get; private init; } = "model";

    /// <summary>The names held, in no particular order.</summary>
    internal IEnumerable<string> Names => _values.Keys;

    /// <summary>An empty payload of <paramref name="component"/>.</summary>
    internal static ModelValues For(string component) => new() { Component = component };

    /// <summary>Sets a value (int, long, double, bool, string or null, double[] or byte[]).</summary>
    internal ModelValues Set(string name, object? value)
    {
        if (value is not (null or int or long or double or bool or string or double[] or byte[]))
        {
            throw new ArgumentException($"Model value '{name}' has unsupported type {value.GetType().Name}.", nameof(value));
        }

        _values[name] = value;
        return this;
    }

    /// <summary>True when the payload holds <paramref name="name"/>.</summary>
    internal bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The int named <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    internal int Int(string name, int fallback) => Get(name, fallback);

    /// <summary>The double named <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    internal double Double(string name, double fallback) => Get(name, fallback);

    /// <summary>The flag named <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    internal bool Bool(string name, bool fallback) => Get(name, fallback);

    /// <summary>The string (possibly null) named <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    internal string? String(string name, string? fallback) => _values.TryGetValue(name, out var value) ? value switch
    {
        null => null,
        string text => text,
        _ => throw Damaged($"value '{name}' is a {value.GetType().Name}, not a string"),
    } : fallback;

    /// <summary>The int named <paramref name="name"/>, which must be present (fitted state).</summary>
    internal int RequiredInt(string name) => Required<int>(name);

    /// <summary>The double named <paramref name="name"/>, which must be present (fitted state).</summary>
    internal double RequiredDouble(string name) => Required<double>(name);

    /// <summary>The non-empty string named <paramref name="name"/>, which must be present.</summary>
    internal string RequiredString(string name)
        => String(name, null) is { Length: > 0 } text ? text : throw Damaged($"it has no '{name}'");

    /// <summary>The doubles named <paramref name="name"/>, which must be present; with <paramref name="length"/>, exactly that many.</summary>
    internal double[] RequiredDoubles(string name, int? length = null)
    {
        var values = Required<double[]>(name);
        if (length is { } expected && values.Length != expected)
        {
            throw Damaged($"'{name}' holds {values.Length} values where {expected} were expected");
        }

        return values;
    }

    /// <summary>The bytes named <paramref name="name"/>, which must be present.</summary>
    internal byte[] RequiredBytes(string name) => Required<byte[]>(name);

    /// <summary>An error saying the component in the model file is damaged, and how.</summary>
    internal InvalidDataException Damaged(string how, Exception? inner = null)
        => new($"The {Component} in the model file is damaged: {how}.", inner);

    /// <summary>Writes the payload: length, digest, then the values.</summary>
    internal void Write(BinaryWriter writer)
    {
        using var buffer = new MemoryStream();
        using (var inner = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            inner.Write(_values.Count);
            foreach (var (name, value) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                inner.Write(name);
                WriteValue(inner, value);
            }
        }

        var bytes = buffer.ToArray();
        writer.Write(bytes.Length);
        writer.Write(SHA256.HashData(bytes));
        writer.Write(bytes);
    }

    /// <summary>
    /// Reads a payload written by <see cref="Write"/>; a wrong length, a digest that does not match or a value that
    /// does not decode is an <see cref="InvalidDataException"/> naming <paramref name="component"/>.
    /// </summary>
    internal static ModelValues Read(BinaryReader reader, string component)
    {
        var values = For(component);
        try
        {
            var length = reader.ReadInt32();
            if (length < 4 || length > MaximumLength || length > reader.BaseStream.Length - reader.BaseStream.Position - 32)
            {
                throw values.Damaged($"its payload length {length} does not fit the file");
            }

            var digest = reader.ReadBytes(32);
            var bytes = reader.ReadBytes(length);
            if (bytes.Length != length || !SHA256.HashData(bytes).AsSpan().SequenceEqual(digest))
            {
                throw values.Damaged("its checksum does not match its contents");
            }

            using var inner = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            var count = inner.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var name = inner.ReadString();
                if (!values._values.TryAdd(name, ReadValue(inner, values)))
                {
                    throw values.Damaged($"it holds '{name}' twice");
                }
            }

            return values;
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException or FormatException or ArgumentException or DecoderFallbackException or OverflowException)
        {
            throw values.Damaged($"its payload does not decode ({exception.Message})", exception);
        }
    }

    private T Get<T>(string name, T fallback)
        where T : struct
        => _values.TryGetValue(name, out var value) ? value is T typed ? typed : throw Damaged($"value '{name}' is a {value?.GetType().Name ?? "null"}, not a {typeof(T).Name}") : fallback;

    private T Required<T>(string name)
        => _values.TryGetValue(name, out var value) ? value is T typed ? typed : throw Damaged($"value '{name}' is a {value?.GetType().Name ?? "null"}, not a {typeof(T).Name}")
            : throw Damaged($"it has no '{name}'");

    private static void WriteValue(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case int number:
                writer.Write((byte)Tag.Int32);
                writer.Write(number);
                break;
            case long number:
                writer.Write((byte)Tag.Int64);
                writer.Write(number);
                break;
            case double number:
                writer.Write((byte)Tag.Double);
                writer.Write(number);
                break;
            case bool flag:
                writer.Write((byte)Tag.Boolean);
                writer.Write(flag);
                break;
            case null or string:
                writer.Write((byte)Tag.String);
                writer.Write(value is not null);
                if (value is string text)
                {
                    writer.Write(text);
                }

                break;
            case double[] numbers:
                writer.Write((byte)Tag.Doubles);
                writer.Write(numbers.Length);
                foreach (var number in numbers)
                {
                    writer.Write(number);
                }

                break;
            case byte[] bytes:
                writer.Write((byte)Tag.Bytes);
                writer.Write(bytes.Length);
                writer.Write(bytes);
                break;
        }
    }

    private static object? ReadValue(BinaryReader reader, ModelValues values)
    {
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        switch ((Tag)reader.ReadByte())
        {
            case Tag.Int32:
                return reader.ReadInt32();
            case Tag.Int64:
                return reader.ReadInt64();
            case Tag.Double:
                return reader.ReadDouble();
            case Tag.Boolean:
                return reader.ReadBoolean();
            case Tag.String:
                return reader.ReadBoolean() ? reader.ReadString() : null;
            case Tag.Doubles:
                var count = reader.ReadInt32();
                if (count < 0 || count > remaining / sizeof(double))
                {
                    throw values.Damaged($"an array claims {count} values");
                }

                var numbers = new double[count];
                for (var i = 0; i < count; i++)
                {
                    numbers[i] = reader.ReadDouble();
                }

                return numbers;
            case Tag.Bytes:
                var length = reader.ReadInt32();
                if (length < 0 || length > remaining)
                {
                    throw values.Damaged($"a blob claims {length} bytes");
                }

                return reader.ReadBytes(length);
            case var tag:
                throw values.Damaged($"it holds a value of unknown type {(byte)tag}");
        }
    }
}

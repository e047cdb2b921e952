using System.Buffers.Binary;
using System.Text;

namespace MLNetAnomaly.Torch.Runtime;

/// <summary>
/// Reads and edits the symbol-version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared
/// library. Used to mark a libstdc++ version requirement as weak when the library asks for a version the system
/// lacks but binds no symbol of that version (see docs/decisions/0001-torchsharp-native-loading.md).
/// </summary>
internal sealed class ElfVersionNeeds
{
    private const uint SectionTypeRela = 4;
    private const uint SectionTypeRel = 9;
    private const uint SectionTypeDynSym = 11;
    private const uint SectionTypeVersionNeed = 0x6ffffffe;
    private const uint SectionTypeVersionSymbols = 0x6fffffff;
    private const ushort WeakVersionFlag = 0x2;

    private readonly byte[] _image;
    private readonly List<Requirement> _requirements = new();
    private readonly HashSet<int> _relocatedVersionIndices = new();

    /// <summary>One required version: the library it is needed from, its name, its index and where its flags live.</summary>
    internal readonly record struct Requirement(string File, string Version, ushort Index, ushort Flags, int FlagsOffset);

    private ElfVersionNeeds(byte[] image)
    {
        _image = image;
        Parse();
    }

    /// <summary>The version requirements found in the image.</summary>
    internal IReadOnlyList<Requirement> Requirements => _requirements;

    /// <summary>Parses an ELF image; throws <see cref="InvalidDataException"/> when it is not a 64-bit little-endian ELF file.</summary>
    internal static ElfVersionNeeds Parse(byte[] image) => new(image);

    /// <summary>
    /// Whether some relocation binds a symbol that carries the given version index. Marking such a version weak
    /// would turn a load-time error into a failure at call time, so it is never done.
    /// </summary>
    internal bool IsBoundByRelocation(ushort versionIndex) => _relocatedVersionIndices.Contains(versionIndex);

    /// <summary>Returns a copy of the image in which the named requirements are marked weak.</summary>
    internal byte[] WithWeakRequirements(IEnumerable<string> versions)
    {
        var names = new HashSet<string>(versions, StringComparer.Ordinal);
        var copy = (byte[])_image.Clone();
        foreach (var requirement in _requirements.Where(r => names.Contains(r.Version)))
        {
            if (IsBoundByRelocation(requirement.Index))
            {
                throw new InvalidOperationException(
                    $"Version {requirement.Version} of {requirement.File} is bound by a relocation; it cannot be made optional.");
            }

            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(requirement.FlagsOffset), (ushort)(requirement.Flags | WeakVersionFlag));
        }

        return copy;
    }

    private void Parse()
    {
        var span = _image.AsSpan();
        if (span.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
        {
            throw new InvalidDataException("Not an ELF file.");
        }

        if (span[4] != 2 || span[5] != 1)
        {
            throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");
        }

        var sectionHeaderOffset = checked((int)U64(0x28));
        var sectionHeaderSize = U16(0x3a);
        var sectionCount = U16(0x3c);
        if (sectionHeaderOffset == 0 || sectionCount == 0)
        {
            throw new InvalidDataException("The ELF file has no section headers.");
        }

        var sections = new Section[sectionCount];
        for (var i = 0; i < sectionCount; i++)
        {
            var at = sectionHeaderOffset + (i * sectionHeaderSize);
            sections[i] = new Section(U32(at + 4), checked((int)U64(at + 0x18)), checked((int)U64(at + 0x20)), U32(at + 0x28), U32(at + 0x2c), checked((int)U64(at + 0x38)));
        }

        var versionNeed = sections.FirstOrDefault(s => s.Type == SectionTypeVersionNeed);
        if (versionNeed.Type == 0)
        {
            return;
        }

        ReadRequirements(versionNeed, sections[versionNeed.Link]);
        ReadRelocatedVersions(sections);
    }

    private void ReadRequirements(Section versionNeed, Section strings)
    {
        var entry = versionNeed.Offset;
        for (var n = 0; n < versionNeed.Info; n++)
        {
            var count = U16(entry + 2);
            var file = ReadString(strings, U32(entry + 4));
            var aux = entry + (int)U32(entry + 8);
            for (var k = 0; k < count; k++)
            {
                _requirements.Add(new Requirement(file, ReadString(strings, U32(aux + 8)), U16(aux + 6), U16(aux + 4), aux + 4));
                aux += (int)U32(aux + 12);
            }

            var next = (int)U32(entry + 12);
            if (next == 0)
            {
                break;
            }

            entry += next;
        }
    }

    private void ReadRelocatedVersions(Section[] sections)
    {
        var dynamicSymbolsIndex = Array.FindIndex(sections, s => s.Type == SectionTypeDynSym);
        var versionSymbols = sections.FirstOrDefault(s => s.Type == SectionTypeVersionSymbols);
        if (dynamicSymbolsIndex < 0 || versionSymbols.Type == 0)
        {
            return;
        }

        foreach (var relocations in sections.Where(s => (s.Type == SectionTypeRela || s.Type == SectionTypeRel) && s.Link == dynamicSymbolsIndex))
        {
            var entrySize = relocations.EntrySize != 0 ? relocations.EntrySize : (relocations.Type == SectionTypeRela ? 24 : 16);
            for (var at = relocations.Offset; at + entrySize <= relocations.Offset + relocations.Size; at += entrySize)
            {
                var symbol = (int)(U64(at + 8) >> 32);
                if (symbol != 0)
                {
                    _relocatedVersionIndices.Add((ushort)(U16(versionSymbols.Offset + (symbol * 2)) & 0x7fff));
                }
            }
        }
    }

    private string ReadString(Section strings, uint offset)
    {
        var start = strings.Offset + (int)offset;
        var end = Array.IndexOf(_image, (byte)0, start);
        return Encoding.ASCII.GetString(_image, start, end - start);
    }

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_image.AsSpan(at));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_image.AsSpan(at));

    private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_image.AsSpan(at));

    private readonly record struct Section(uint Type, int Offset, int Size, uint Link, uint Info, int EntrySize);
}

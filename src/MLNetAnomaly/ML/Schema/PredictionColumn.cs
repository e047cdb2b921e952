using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Schema;

/// <summary>
/// The prediction column every detector adds: a vector of three doubles [Alert, Score, P-Value], shaped like the
/// output of ML.NET's time-series detectors, with slot names so it reads well in previews.
/// </summary>
internal static class PredictionColumn
{
    /// <summary>Number of slots.</summary>
    internal const int Size = 3;

    /// <summary>The slot names, in order.</summary>
    internal static readonly string[] SlotNames = { "Alert", "Score", "P-Value" };

    /// <summary>The column type: a known-size vector of <see cref="double"/>.</summary>
    internal static readonly VectorDataViewType Type = new(NumberDataViewType.Double, Size);

    /// <summary>Annotations carrying the slot names (one per slot).</summary>
    internal static DataViewSchema.Annotations Annotations(IReadOnlyList<string> slotNames)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        var names = new VBuffer<ReadOnlyMemory<char>>(slotNames.Count, slotNames.Select(n => n.AsMemory()).ToArray());
        builder.AddSlotNames(slotNames.Count, (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value));
        return builder.ToAnnotations();
    }

    /// <summary>The output schema: the input's columns followed by the prediction column (which hides a namesake).</summary>
    internal static DataViewSchema Append(DataViewSchema input, string outputColumnName, IReadOnlyList<string>? slotNames = null)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        slotNames ??= SlotNames;
        builder.AddColumn(outputColumnName, slotNames.Count == Size ? Type : new VectorDataViewType(NumberDataViewType.Double, slotNames.Count), Annotations(slotNames));
        return builder.ToSchema();
    }

    /// <summary>The same for schema shapes, used by estimators before fitting.</summary>
    internal static SchemaShape Append(SchemaShape input, string outputColumnName)
    {
        var columns = input.ToDictionary(c => c.Name);
        var slotNames = new SchemaShape(new[]
        {
            new SchemaShape.Column(AnnotationUtils.Kinds.SlotNames, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance, false),
        });
        columns[outputColumnName] = new SchemaShape.Column(outputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Double, false, slotNames);
        return new SchemaShape(columns.Values);
    }
}

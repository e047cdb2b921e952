using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Schema;

/// <summary>
/// Checks and reads the detector's input column: a <see cref="float"/> column (one value per row) or a known-size
/// vector of <see cref="float"/> (several metrics per row).
/// </summary>
internal static class InputColumn
{
    /// <summary>Finds the column and returns its values per row, or throws naming the column and what was found.</summary>
    internal static (DataViewSchema.Column Column, int Dimensions) Require(DataViewSchema schema, string name, string parameterName)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(
            parameterName, name, $"Input column '{name}' was not found. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");
        if (column.Type == NumberDataViewType.Single)
        {
            return (column, 1);
        }

        if (column.Type is VectorDataViewType { IsKnownSize: true } vector && vector.ItemType == NumberDataViewType.Single)
        {
            return (column, vector.Size);
        }

        throw new ArgumentOutOfRangeException(
            parameterName, name, $"Input column '{name}' must be of type Single (float) or a known-size vector of Single; it is {column.Type}. Convert it first, for example with mlContext.Transforms.Conversion.ConvertType.");
    }

    /// <summary>The same check for a fitted detector, which also needs the number of values per row it was fitted on.</summary>
    internal static DataViewSchema.Column Require(DataViewSchema schema, string name, int dimensions, string parameterName)
    {
        var (column, found) = Require(schema, name, parameterName);
        if (found != dimensions)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, name, $"Input column '{name}' has {found} value(s) per row, but the detector was fitted on {dimensions}.");
        }

        return column;
    }

    /// <summary>The same check on a schema shape, before fitting.</summary>
    internal static SchemaShape.Column Require(SchemaShape schema, string name, string parameterName)
    {
        if (!schema.TryFindColumn(name, out var column))
        {
            throw new ArgumentOutOfRangeException(parameterName, name, $"Input column '{name}' was not found. Available columns: {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
        }

        if (column.ItemType != NumberDataViewType.Single || column.Kind == SchemaShape.Column.VectorKind.VariableVector)
        {
            throw new ArgumentOutOfRangeException(parameterName, name, $"Input column '{name}' must be Single (float) or a known-size vector of Single; it is {column.GetTypeString()}.");
        }

        return column;
    }

    /// <summary>Returns a reader that copies the current row's values of <paramref name="column"/> into a span.</summary>
    internal static SpanReader Reader(DataViewRow row, DataViewSchema.Column column, int dimensions)
    {
        if (dimensions == 1 && column.Type == NumberDataViewType.Single)
        {
            var getter = row.GetGetter<float>(column);
            return destination =>
            {
                var value = 0f;
                getter(ref value);
                destination[0] = value;
            };
        }

        var vectorGetter = row.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        return destination =>
        {
            vectorGetter(ref buffer);
            buffer.CopyTo(destination);
        };
    }

    /// <summary>
    /// The first <paramref name="count"/> finite values of a scalar <see cref="float"/> column, in row order, reading no
    /// further (fewer when the column has fewer). Throws naming the column when it is missing or of another shape.
    /// </summary>
    internal static float[] ReadFirstFinite(IDataView data, string name, string parameterName, int count)
    {
        var column = Require(data.Schema, name, 1, parameterName);
        var values = new List<float>(Math.Min(count, 1 << 16));
        using var cursor = data.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<float>(column);
        var value = 0f;
        while (values.Count < count && cursor.MoveNext())
        {
            getter(ref value);
            if (float.IsFinite(value))
            {
                values.Add(value);
            }
        }

        return values.ToArray();
    }

    /// <summary>
    /// Reads a scalar column of <see cref="double"/> or <see cref="float"/> values in row order, as doubles (the batch
    /// detectors, which like ML.NET's compute in double). Throws naming the column when it is missing, of another type,
    /// shorter than <paramref name="minimumRows"/> or holds a NaN or infinite value (naming the row).
    /// </summary>
    internal static double[] ReadScalarDoubles(IDataView data, string name, string parameterName, int minimumRows, string minimumReason)
    {
        var column = data.Schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(
            parameterName, name, $"Input column '{name}' was not found. Available columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");
        if (column.Type != NumberDataViewType.Double && column.Type != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(parameterName, name, $"Input column '{name}' must be of type Double or Single, one value per row; it is {column.Type}.");
        }

        var values = new List<double>();
        using (var cursor = data.GetRowCursor(new[] { column }))
        {
            Func<double> read;
            if (column.Type == NumberDataViewType.Double)
            {
                var getter = cursor.GetGetter<double>(column);
                read = () =>
                {
                    var value = 0.0;
                    getter(ref value);
                    return value;
                };
            }
            else
            {
                var getter = cursor.GetGetter<float>(column);
                read = () =>
                {
                    var value = 0f;
                    getter(ref value);
                    return value;
                };
            }

            while (cursor.MoveNext())
            {
                var value = read();
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException($"Input column '{name}' holds {value} at row {values.Count}; the series must be finite. Remove or impute missing values first (for example with mlContext.Transforms.ReplaceMissingValues).", parameterName);
                }

                values.Add(value);
            }
        }

        if (values.Count < minimumRows)
        {
            throw new ArgumentException($"Input column '{name}' has {values.Count} rows; at least {minimumRows} are needed ({minimumReason}).", parameterName);
        }

        return values.ToArray();
    }

    /// <summary>
    /// Reads the whole column in row order for fitting (row-major). Throws when it is empty, shorter than
    /// <paramref name="minimumRows"/>, or (unless <paramref name="allowMissing"/>) holds NaN or infinite values (naming
    /// the first bad row).
    /// </summary>
    internal static (float[] Values, int Dimensions) ReadForFit(IDataView data, string name, string parameterName, int minimumRows, string minimumReason, bool allowMissing = false)
    {
        var (column, dimensions) = Require(data.Schema, name, parameterName);
        var values = new List<float>();
        var row = new float[dimensions];
        var rows = 0;
        using (var cursor = data.GetRowCursor(new[] { column }))
        {
            var read = Reader(cursor, column, dimensions);
            while (cursor.MoveNext())
            {
                read(row);
                foreach (var value in row)
                {
                    if (!allowMissing && !float.IsFinite(value))
                    {
                        throw new ArgumentException(
                            $"Input column '{name}' holds {value} at row {rows}; training data must be finite. Remove or impute missing values first (for example with mlContext.Transforms.ReplaceMissingValues).", parameterName);
                    }
                }

                values.AddRange(row);
                rows++;
            }
        }

        if (rows == 0)
        {
            throw new ArgumentException($"The training data is empty: input column '{name}' has no rows.", parameterName);
        }

        if (rows < minimumRows)
        {
            throw new ArgumentException($"Input column '{name}' has {rows} rows; at least {minimumRows} are needed ({minimumReason}).", parameterName);
        }

        return (values.ToArray(), dimensions);
    }

    /// <summary>Copies the current row's values into the span.</summary>
    internal delegate void SpanReader(Span<float> destination);
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Schema;

/// <summary>Checks that the detector's input column exists and holds <see cref="float"/> values.</summary>
internal static class InputColumn
{
    /// <summary>Finds the column in a schema, or throws naming the column and what was found instead.</summary>
    internal static DataViewSchema.Column Require(DataViewSchema schema, string name, string parameterName)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(
            parameterName, name, $"Input column '{name}' was not found. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");
        if (column.Type != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, name, $"Input column '{name}' must be of type Single (float); it is {column.Type}. Convert it first, for example with mlContext.Transforms.Conversion.ConvertType.");
        }

        return column;
    }

    /// <summary>The same check on a schema shape, before fitting.</summary>
    internal static void Require(SchemaShape schema, string name, string parameterName)
    {
        if (!schema.TryFindColumn(name, out var column))
        {
            throw new ArgumentOutOfRangeException(parameterName, name, $"Input column '{name}' was not found. Available columns: {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
        }

        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(parameterName, name, $"Input column '{name}' must be a scalar of type Single (float); it is {column.GetTypeString()}.");
        }
    }

    /// <summary>
    /// Reads the whole column in row order for fitting. Throws when it is empty, shorter than
    /// <paramref name="minimumRows"/>, or holds NaN or infinite values (naming the first bad row).
    /// </summary>
    internal static float[] ReadForFit(IDataView data, string name, string parameterName, int minimumRows, string minimumReason)
    {
        var column = Require(data.Schema, name, parameterName);
        var values = new List<float>(data.GetRowCount() is long known ? (int)Math.Min(known, int.MaxValue) : 1024);
        using (var cursor = data.GetRowCursor(new[] { column }))
        {
            var getter = cursor.GetGetter<float>(column);
            float value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException(
                        $"Input column '{name}' holds {value} at row {values.Count}; training data must be finite. Remove or impute missing values first (for example with mlContext.Transforms.ReplaceMissingValues).", parameterName);
                }

                values.Add(value);
            }
        }

        if (values.Count == 0)
        {
            throw new ArgumentException($"The training data is empty: input column '{name}' has no rows.", parameterName);
        }

        if (values.Count < minimumRows)
        {
            throw new ArgumentException($"Input column '{name}' has {values.Count} rows; at least {minimumRows} are needed ({minimumReason}).", parameterName);
        }

        return values.ToArray();
    }
}

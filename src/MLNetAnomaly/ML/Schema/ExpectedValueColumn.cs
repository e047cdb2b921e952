using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Schema;

/// <summary>
/// The optional column of expected values (forecast or reconstruction) a detector can add after its prediction
/// column: the input column's type (Single, or a known-size vector of Single) in the input's units.
/// </summary>
internal static class ExpectedValueColumn
{
    /// <summary>The output schema with the expected-value column added last (it hides a namesake).</summary>
    internal static DataViewSchema Append(DataViewSchema schema, string name, DataViewType inputType)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(schema);
        builder.AddColumn(name, inputType);
        return builder.ToSchema();
    }

    /// <summary>The same for schema shapes, used by estimators before fitting.</summary>
    internal static SchemaShape Append(SchemaShape schema, string name, SchemaShape.Column input)
    {
        var columns = schema.ToDictionary(c => c.Name);
        columns[name] = new SchemaShape.Column(name, input.Kind, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }
}

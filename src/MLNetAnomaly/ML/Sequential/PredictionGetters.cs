using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Sequential;

/// <summary>
/// Column access shared by the scoring cursor and the row mapper's row: the source's columns come from the source
/// row; after them come the prediction and, when the detector was asked for it, the expected value, both served by
/// the caller's <see cref="IScoredRow"/> when they were requested.
/// </summary>
internal static class PredictionGetters
{
    /// <summary>Whether <paramref name="column"/> is active.</summary>
    internal static bool IsActive(DataViewRow source, DataViewSchema.Column column, IScoredRow? scored)
        => column.Index < source.Schema.Count ? source.IsColumnActive(source.Schema[column.Index])
            : scored is not null && (column.Index == source.Schema.Count || scored.ExpectedActive);

    /// <summary>Returns the getter for <paramref name="column"/>, checking that scored columns were requested and typed right.</summary>
    internal static ValueGetter<TValue> Get<TValue>(DataViewRow source, DataViewSchema.Column column, IScoredRow? scored)
    {
        if (column.Index < source.Schema.Count)
        {
            return source.GetGetter<TValue>(source.Schema[column.Index]);
        }

        if (!IsActive(source, column, scored))
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor or row was created.");
        }

        Delegate getter = column.Index == source.Schema.Count ? (ValueGetter<VBuffer<double>>)scored!.GetPrediction
            : column.Type is VectorDataViewType ? (ValueGetter<VBuffer<float>>)scored!.GetExpected
            : (ValueGetter<float>)scored!.GetExpected;
        if (getter is not ValueGetter<TValue> typed)
        {
            throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType.Name}; a getter of {typeof(TValue).Name} was asked for.");
        }

        return typed;
    }
}

/// <summary>A row that serves the scored columns of its current position.</summary>
internal interface IScoredRow
{
    /// <summary>Whether the expected-value column was requested.</summary>
    bool ExpectedActive { get; }

    /// <summary>Writes the current row's [Alert, Score, P-Value].</summary>
    void GetPrediction(ref VBuffer<double> value);

    /// <summary>Writes the current row's expected values (a univariate series).</summary>
    void GetExpected(ref float value);

    /// <summary>Writes the current row's expected values (a vector column).</summary>
    void GetExpected(ref VBuffer<float> value);
}

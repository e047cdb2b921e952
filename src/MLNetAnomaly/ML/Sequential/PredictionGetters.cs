using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Sequential;

/// <summary>
/// Column access shared by the scoring cursor and the row mapper's row: every column but the last comes from the
/// source row; the last is the prediction, served by the caller's getter when it was requested.
/// </summary>
internal static class PredictionGetters
{
    /// <summary>Whether <paramref name="column"/> is active.</summary>
    internal static bool IsActive(DataViewRow source, DataViewSchema.Column column, int predictionIndex, bool predictionActive)
        => column.Index == predictionIndex ? predictionActive : source.IsColumnActive(source.Schema[column.Index]);

    /// <summary>Returns the getter for <paramref name="column"/>, checking that a prediction getter was requested and typed right.</summary>
    internal static ValueGetter<TValue> Get<TValue>(DataViewRow source, DataViewSchema.Column column, int predictionIndex, ValueGetter<VBuffer<double>>? prediction)
    {
        if (column.Index != predictionIndex)
        {
            return source.GetGetter<TValue>(source.Schema[column.Index]);
        }

        if (prediction is null)
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor or row was created.");
        }

        if (typeof(TValue) != typeof(VBuffer<double>))
        {
            throw new InvalidOperationException($"Column '{column.Name}' holds VBuffer<double>; a getter of {typeof(TValue).Name} was asked for.");
        }

        return (ValueGetter<TValue>)(Delegate)prediction;
    }
}

using Microsoft.ML.Data;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly.ML.Sequential;

/// <summary>Copies a <see cref="DetectorOutput"/> into the prediction column's vector, reusing its buffer.</summary>
internal static class PredictionWriter
{
    /// <summary>Writes [Alert, Score, P-Value] into <paramref name="value"/>.</summary>
    internal static void Write(in DetectorOutput output, ref VBuffer<double> value)
    {
        var editor = VBufferEditor.Create(ref value, PredictionColumn.Size);
        editor.Values[0] = output.Alert;
        editor.Values[1] = output.Score;
        editor.Values[2] = output.PValue;
        value = editor.Commit();
    }
}

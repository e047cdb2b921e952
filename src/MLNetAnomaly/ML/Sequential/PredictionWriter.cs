using Microsoft.ML.Data;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly.ML.Sequential;

/// <summary>Copies scored values into ML.NET column values, reusing their buffers.</summary>
internal static class PredictionWriter
{
    /// <summary>
    /// Writes [Alert, Score, P-Value] into <paramref name="value"/>, and the martingale as a fourth slot when the
    /// column has <paramref name="size"/> 4 (a change-point detector with ML.NET's output).
    /// </summary>
    internal static void Write(in DetectorOutput output, ref VBuffer<double> value, int size = PredictionColumn.Size)
    {
        var editor = VBufferEditor.Create(ref value, size);
        editor.Values[0] = output.Alert;
        editor.Values[1] = output.Score;
        editor.Values[2] = output.PValue;
        if (size > PredictionColumn.Size)
        {
            editor.Values[3] = output.Martingale;
        }

        value = editor.Commit();
    }

    /// <summary>Writes one row's expected values into a vector.</summary>
    internal static void Write(ReadOnlySpan<float> expected, ref VBuffer<float> value)
    {
        var editor = VBufferEditor.Create(ref value, expected.Length);
        expected.CopyTo(editor.Values);
        value = editor.Commit();
    }
}

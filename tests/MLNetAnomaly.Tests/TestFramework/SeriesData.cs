using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>A row with one value, as users declare it.</summary>
public sealed class ValueRow
{
    /// <summary>The value.</summary>
    public float Value { get; set; }
}

/// <summary>A row whose only column is not the one detectors read.</summary>
public sealed class OtherRow
{
    /// <summary>Some other value.</summary>
    public float Other { get; set; }
}

/// <summary>A row whose "Value" column has the wrong type (double instead of float).</summary>
public sealed class DoubleRow
{
    /// <summary>The value, as a double.</summary>
    public double Value { get; set; }
}

/// <summary>A scored row.</summary>
public sealed class PredictionRow
{
    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[Alert, Score, P-Value].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = Array.Empty<double>();
}

/// <summary>A scored row of a change-point detector with ML.NET's output (four slots).</summary>
public sealed class ChangePointPredictionRow
{
    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[Alert, Score, P-Value, Martingale].</summary>
    [VectorType(4)]
    public double[] Prediction { get; set; } = Array.Empty<double>();
}

/// <summary>Builds data views and reads predictions back.</summary>
internal static class SeriesData
{
    internal static IDataView ToDataView(this MLContext ml, IEnumerable<float> values)
        => ml.Data.LoadFromEnumerable(values.Select(v => new ValueRow { Value = v }).ToList());

    /// <summary>Reads the Prediction column back, in row order.</summary>
    internal static double[][] Predictions(this MLContext ml, IDataView scored, string column = "Prediction")
    {
        var result = new List<double[]>();
        using var cursor = scored.GetRowCursor(new[] { scored.Schema[column] });
        var getter = cursor.GetGetter<VBuffer<double>>(scored.Schema[column]);
        var buffer = default(VBuffer<double>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            result.Add(buffer.DenseValues().ToArray());
        }

        return result.ToArray();
    }

    /// <summary>The score slot of each prediction.</summary>
    internal static double[] Scores(this double[][] predictions) => predictions.Select(p => p[1]).ToArray();
}

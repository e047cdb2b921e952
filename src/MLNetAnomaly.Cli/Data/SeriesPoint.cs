using Microsoft.ML.Data;

namespace MLNetAnomaly.Cli.Data;

/// <summary>One row of a univariate series as the CLI hands it to ML.NET.</summary>
internal sealed class SeriesPoint
{
    /// <summary>The timestamp, kept as text.</summary>
    public string Timestamp { get; set; } = string.Empty;

    /// <summary>The value (NaN when the field was empty).</summary>
    public float Value { get; set; }
}

/// <summary>One row of a multivariate series: the channels as one vector (its size set by the schema).</summary>
internal sealed class VectorSeriesPoint
{
    /// <summary>The timestamp, kept as text.</summary>
    public string Timestamp { get; set; } = string.Empty;

    /// <summary>The channels' values.</summary>
    public float[] Values { get; set; } = Array.Empty<float>();
}

/// <summary>A scored row of a multivariate series read back from ML.NET.</summary>
internal sealed class VectorScoredPoint
{
    /// <summary>The timestamp.</summary>
    public string Timestamp { get; set; } = string.Empty;

    /// <summary>[Alert, Score, P-Value].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = Array.Empty<double>();
}

/// <summary>A scored row read back from ML.NET.</summary>
internal sealed class ScoredPoint
{
    /// <summary>The timestamp.</summary>
    public string Timestamp { get; set; } = string.Empty;

    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[Alert, Score, P-Value].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = Array.Empty<double>();
}

/// <summary>A scored point with the detector's expected value, as read back from <c>detect</c>'s transform.</summary>
internal sealed class ScoredPointWithExpected
{
    /// <summary>The timestamp.</summary>
    public string Timestamp { get; set; } = string.Empty;

    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[Alert, Score, P-Value].</summary>
    [VectorType(3)]
    public double[] Prediction { get; set; } = Array.Empty<double>();

    /// <summary>What the detector expected (NaN during warm-up).</summary>
    public float Expected { get; set; }

    /// <summary>The point without its expected value.</summary>
    public ScoredPoint ToScoredPoint() => new() { Timestamp = Timestamp, Value = Value, Prediction = Prediction };
}

/// <summary>A point as read back from the batch spectral residual detector in AnomalyAndExpectedValue mode.</summary>
internal sealed class BatchScoredPoint
{
    /// <summary>The timestamp.</summary>
    public string Timestamp { get; set; } = string.Empty;

    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[IsAnomaly, AnomalyScore, Mag, ExpectedValue].</summary>
    [VectorType(4)]
    public double[] Batch { get; set; } = Array.Empty<double>();
}

/// <summary>A point as read back from IID change point with ML.NET's output: four slots.</summary>
internal sealed class ChangePointScoredPoint
{
    /// <summary>The timestamp.</summary>
    public string Timestamp { get; set; } = string.Empty;

    /// <summary>The value.</summary>
    public float Value { get; set; }

    /// <summary>[Alert, Raw Score, P-Value, Martingale Score].</summary>
    [VectorType(4)]
    public double[] Prediction { get; set; } = Array.Empty<double>();

    /// <summary>
    /// The point as the CLI ranks and writes it: [Alert, Martingale, P-Value]. The Raw Score slot is the value itself,
    /// which the file already holds; the martingale is what ranks a change.
    /// </summary>
    public ScoredPoint ToScoredPoint() => new() { Timestamp = Timestamp, Value = Value, Prediction = new[] { Prediction[0], Prediction[3], Prediction[2] } };
}

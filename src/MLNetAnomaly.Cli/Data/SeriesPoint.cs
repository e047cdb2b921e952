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

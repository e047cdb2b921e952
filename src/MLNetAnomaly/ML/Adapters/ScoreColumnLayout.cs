namespace MLNetAnomaly;

/// <summary>
/// Where an adapted estimator's output holds its score, alert and p-value (see
/// <see cref="MLNetAnomalyCatalog.AsDetector"/>). The defaults read ML.NET's own time-series detectors'
/// output, a vector [Alert, Score, P-Value].
/// </summary>
public sealed class ScoreColumnLayout
{
    /// <summary>For a vector score column: the slot of the score. Ignored for a scalar column. Default 1.</summary>
    public int ScoreSlot { get; set; } = 1;

    /// <summary>For a vector score column: the slot whose value above 0 means an alert, or null. Default 0.</summary>
    public int? AlertSlot { get; set; } = 0;

    /// <summary>For a vector score column: the slot of the p-value, or null (P-Value is then NaN). Default 2.</summary>
    public int? PValueSlot { get; set; } = 2;

    /// <summary>
    /// A Boolean (or numeric, above 0 meaning true) column of alerts, such as ML.NET's <c>PredictedLabel</c>; it takes
    /// precedence over <see cref="AlertSlot"/>. Default null.
    /// </summary>
    public string? AlertColumnName { get; set; }

    /// <summary>
    /// When there is no alert slot or column: alert where the (oriented) score exceeds this value; null never alerts.
    /// Default null.
    /// </summary>
    public double? AlertAbove { get; set; }

    /// <summary>True when lower scores are more anomalous (a likelihood, a p-value): the score is negated. Default false.</summary>
    public bool LowerIsMoreAnomalous { get; set; }

    /// <summary>A copy.</summary>
    internal ScoreColumnLayout Clone() => (ScoreColumnLayout)MemberwiseClone();
}

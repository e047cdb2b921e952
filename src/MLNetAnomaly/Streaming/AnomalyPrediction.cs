namespace MLNetAnomaly.Streaming;

/// <summary>
/// What a streaming engine says about one point: the slots of the detector's prediction column (a change point's
/// fourth in <see cref="Martingale"/>), and the detector's expected value for the point where it has one.
/// </summary>
/// <param name="Alert">True when the point is flagged.</param>
/// <param name="Score">The anomaly score, on the detector's own scale (0 during warm-up, NaN for a missing value).</param>
/// <param name="PValue">
/// The p-value (0.5 during warm-up), for every detector whose third slot is one: all of them except SR and SR-CNN
/// with ML.NET's own output, where it is NaN and the slot is in <see cref="Magnitude"/>.
/// </param>
/// <param name="Magnitude">The saliency magnitude of SR and SR-CNN with ML.NET's own output; NaN for every other detector.</param>
/// <param name="ExpectedValue">
/// The forecast (forecasters) or reconstruction (autoencoders) of a univariate point in the input's units; NaN during
/// warm-up, for detectors without expected values, and for multivariate points (use the overload of
/// <see cref="AnomalyStreamingEngine.Predict(ReadOnlySpan{float}, Span{float})"/> that fills a span).
/// </param>
public readonly record struct AnomalyPrediction(bool Alert, double Score, double PValue, double Magnitude, double ExpectedValue)
{
    /// <summary>IID change point's martingale with ML.NET's own output (its fourth slot); NaN for every other detector.</summary>
    public double Martingale { get; init; } = double.NaN;
}

using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Orleans.Contracts;

/// <summary>How Orleans carries an <see cref="AnomalyPrediction"/> (a type of the core library, which knows nothing of Orleans).</summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.AnomalyPrediction")]
internal struct AnomalyPredictionSurrogate
{
    [Id(0)] public bool Alert;
    [Id(1)] public double Score;
    [Id(2)] public double PValue;
    [Id(3)] public double Magnitude;
    [Id(4)] public double ExpectedValue;
    [Id(5)] public double Martingale;
}

/// <summary>Converts <see cref="AnomalyPrediction"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class AnomalyPredictionConverter : IConverter<AnomalyPrediction, AnomalyPredictionSurrogate>
{
    /// <inheritdoc />
    public AnomalyPrediction ConvertFromSurrogate(in AnomalyPredictionSurrogate surrogate)
        => new(surrogate.Alert, surrogate.Score, surrogate.PValue, surrogate.Magnitude, surrogate.ExpectedValue) { Martingale = surrogate.Martingale };

    /// <inheritdoc />
    public AnomalyPredictionSurrogate ConvertToSurrogate(in AnomalyPrediction value) => new()
    {
        Alert = value.Alert,
        Score = value.Score,
        PValue = value.PValue,
        Magnitude = value.Magnitude,
        ExpectedValue = value.ExpectedValue,
        Martingale = value.Martingale,
    };
}

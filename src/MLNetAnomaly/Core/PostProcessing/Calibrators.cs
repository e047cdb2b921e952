namespace MLNetAnomaly.Core.PostProcessing;

/// <summary>The per-series state of a calibrator: turns each raw score, in order, into a tail probability.</summary>
internal abstract class CalibratorState
{
    /// <summary>The p-value of the next raw score (finite, higher is more anomalous); the score then joins the state.</summary>
    internal abstract double PValue(double raw);

    /// <summary>Writes the state (for streaming checkpoints).</summary>
    internal abstract void SaveState(BinaryWriter writer);

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal abstract void RestoreState(BinaryReader reader);
}

/// <summary>Builds the fitted calibrator a chain's settings name.</summary>
internal static class Calibrators
{
    /// <summary>
    /// A factory of per-series states, fitted on <paramref name="trainingScores"/> (finite raw scores in training
    /// order; at least one).
    /// </summary>
    internal static Func<CalibratorState> Fit(ChainSettings settings, IReadOnlyList<double> trainingScores) => settings.Calibration switch
    {
        ScoreCalibration.Static => new StaticCalibrator(trainingScores).Start,
        ScoreCalibration.Adaptive => new AdaptiveCalibrator(trainingScores, settings.AdaptiveHistory, settings.AdaptiveSmoothing).Start,
        ScoreCalibration.Likelihood => new AnomalyLikelihood(trainingScores, settings.LikelihoodAveraging, settings.LikelihoodHistory, settings.LikelihoodReestimationPeriod, settings.LikelihoodFilter).Start,
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Calibration, "Unknown calibration."),
    };
}

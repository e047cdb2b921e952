namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// Turns a detector's raw error into a score and a p-value using the errors it made on its training data.
/// Score = error / root-mean-square training error, so 1 is a typical error. The p-value is the empirical upper
/// tail (k + 1) / (n + 1), where k counts training errors at least as large, so it never reaches 0.
/// </summary>
internal sealed class ErrorCalibration
{
    private readonly float[] _sortedErrors;

    /// <summary>Builds the calibration from the absolute training errors (copied and sorted).</summary>
    internal ErrorCalibration(IReadOnlyCollection<float> trainingErrors)
    {
        if (trainingErrors.Count == 0)
        {
            throw new ArgumentException("At least one training error is needed to calibrate scores.", nameof(trainingErrors));
        }

        _sortedErrors = trainingErrors.Select(MathF.Abs).ToArray();
        Array.Sort(_sortedErrors);
        var sumOfSquares = 0.0;
        foreach (var error in _sortedErrors)
        {
            sumOfSquares += (double)error * error;
        }

        var rms = Math.Sqrt(sumOfSquares / _sortedErrors.Length);
        RootMeanSquare = rms > 1e-12 ? rms : 1e-12;
    }

    /// <summary>The training errors, sorted ascending (what is persisted).</summary>
    internal IReadOnlyList<float> SortedErrors => _sortedErrors;

    /// <summary>The root-mean-square training error, floored at 1e-12.</summary>
    internal double RootMeanSquare { get; }

    /// <summary>Scores an absolute error, alerting when its p-value is below <paramref name="alpha"/>.</summary>
    internal DetectorOutput Evaluate(double absoluteError, double alpha)
    {
        var pValue = PValue(absoluteError);
        return new DetectorOutput(pValue < alpha ? 1 : 0, absoluteError / RootMeanSquare, pValue);
    }

    /// <summary>The share of training errors at least as large as <paramref name="absoluteError"/>, smoothed.</summary>
    internal double PValue(double absoluteError)
    {
        // First index whose error is >= the query: everything from there up is at least as large.
        var low = SortedValues.LowerBound(_sortedErrors, absoluteError);
        var atLeast = _sortedErrors.Length - low;
        return (atLeast + 1.0) / (_sortedErrors.Length + 1.0);
    }
}

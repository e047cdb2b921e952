using Microsoft.ML;
using MLNetAnomaly.Selection;

namespace MLNetAnomaly;

// <summary>Detector selection on <c>mlContext.AnomalyDetection</c>.</summary>
public static partial class MLNetAnomalyCatalog
{
    /// <summary>Creates a selection among every detector the library ships (or those named in the options).</summary>
    /// <param name="catalog">The anomaly-detection catalog (<c>mlContext.AnomalyDetection</c>).</param>
    /// <param name="options">What to select on and the budget.</param>
    /// <returns>The experiment; call <see cref="DetectorSelectionExperiment.Run"/>.</returns>
    public static DetectorSelectionExperiment CreateDetectorSelection(this AnomalyDetectionCatalog catalog, DetectorSelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        return new DetectorSelectionExperiment(copy);
    }
}

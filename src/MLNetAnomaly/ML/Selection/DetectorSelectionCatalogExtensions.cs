using Microsoft.ML;

namespace MLNetAnomaly;

/// <summary>Detector selection on <c>mlContext.AnomalyDetection</c>.</summary>
public static class DetectorSelectionCatalogExtensions
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

/// <summary>
/// Selection as an estimator, so it can stand wherever a detector can (the benchmark runner's "auto"): <c>Fit</c>
/// runs the selection on its input without labels and returns the best model.
/// </summary>
internal sealed class DetectorSelectionEstimator : IEstimator<ITransformer>
{
    private readonly DetectorSelectionOptions _options;

    internal DetectorSelectionEstimator(DetectorSelectionOptions options)
    {
        options.Validate();
        _options = options;
    }

    public ITransformer Fit(IDataView input) => new DetectorSelectionExperiment(_options).Run(input).BestModel;

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ML.Schema.InputColumn.Require(inputSchema, _options.InputColumnName, nameof(inputSchema));
        return ML.Schema.PredictionColumn.Append(inputSchema, _options.OutputColumnName);
    }
}

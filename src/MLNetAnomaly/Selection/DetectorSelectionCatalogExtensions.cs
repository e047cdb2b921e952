using Microsoft.ML;

namespace MLNetAnomaly.Selection;



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

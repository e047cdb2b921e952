using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Schema;
using Microsoft.ML;

namespace MLNetAnomaly;

/// <summary>
/// Base of the classical detectors' estimators. With ML.NET's output (no post-processing), <c>Fit</c> learns nothing
/// from the data for the IID and SR detectors and trains the SSA forecaster on the first rows, as ML.NET's own
/// detectors do; with a post-processing chain it also fits the chain on the raw scores of the training data. The transformer judges every point from the points before
/// it while scoring.
/// </summary>
/// <typeparam name="TOptions">The detector's options.</typeparam>
/// <typeparam name="TTransformer">The transformer type.</typeparam>
public abstract class ClassicalDetectorEstimator<TOptions, TTransformer> : IEstimator<TTransformer>
    where TOptions : ClassicalDetectorOptions
    where TTransformer : SequentialDetectorTransformer
{
    private readonly TOptions _options;

    /// <summary>Validates a copy of <paramref name="options"/>, so later edits to the caller's object change nothing.</summary>
    private protected ClassicalDetectorEstimator(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = (TOptions)options.CloneOptions();
        _options.Validate();
    }

    /// <summary>The column of <see cref="float"/> values to watch.</summary>
    public string InputColumnName => _options.InputColumnName;

    /// <summary>The column to add.</summary>
    public string OutputColumnName => _options.OutputColumnName;

    /// <summary>
    /// Checks the input column and returns the detector. It reads the data only to train the SSA forecaster (its first
    /// TrainingWindowSize values), to fit a post-processing chain (the default for SR-CNN) or to train SR-CNN (Epochs
    /// above 0).
    /// </summary>
    /// <param name="input">Data with the input column.</param>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        InputColumn.Require(input.Schema, InputColumnName, 1, nameof(input));
        return CreateTransformer((TOptions)_options.CloneOptions(), input);
    }

    /// <summary>Checks the input column and describes the output column.</summary>
    /// <param name="inputSchema">The shape of the data.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var column = InputColumn.Require(inputSchema, InputColumnName, nameof(inputSchema));
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), InputColumnName, $"Input column '{InputColumnName}' must be a single Single (float) value per row; this detector is univariate.");
        }

        return PredictionColumn.Append(inputSchema, OutputColumnName);
    }

    private protected static IFittedDetector WithPostProcessing(IFittedDetector raw, PostProcessingOptions? postProcessing, IDataView input, string inputColumnName, int contextLength)
    {
        if (postProcessing is null)
        {
            return raw;
        }

        try
        {
            var (values, _) = InputColumn.ReadForFit(input, inputColumnName, nameof(input), raw.WarmUpLength + 1, $"the warm-up of {raw.WarmUpLength} rows and one scored row to calibrate the post-processing on", allowMissing: true);
            return new PostProcessedDetector(raw, PostProcessedDetector.FitChain(raw, postProcessing.ToSettings(contextLength), values));
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>Builds the transformer; <paramref name="input"/> has been checked.</summary>
    private protected abstract TTransformer CreateTransformer(TOptions options, IDataView input);
}

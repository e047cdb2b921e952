using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;
using MLNetAnomaly.Torch.Training;
using TorchSharp;

namespace MLNetAnomaly;

/// <summary>
/// The estimator behind every deep detector: reads the input column in row order, standardises each dimension,
/// builds the network under a fixed seed, trains it (<see cref="WindowTrainer"/>) and fits the post-processing chain
/// on the errors it makes on the training rows (its raw scores) and on their range. Subclasses only say which network and which transformer.
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer type.</typeparam>
public abstract class DeepDetectorEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : DeepDetectorTransformer
{
    private readonly IHostEnvironment _environment;
    private readonly DeepDetectorOptions _options;
    private readonly NetworkKind _kind;

    private protected DeepDetectorEstimator(IHostEnvironment environment, DeepDetectorOptions options, NetworkKind kind)
    {
        _environment = Guard.NotNull(environment, nameof(environment));
        _options = Guard.NotNull(options, nameof(options)).CloneOptions();
        _options.Validate();
        _kind = kind;
    }

    /// <summary>
    /// Trains the network on the whole input column, which must hold enough finite rows for one full window and,
    /// for forecasters, the row after it.
    /// </summary>
    /// <param name="input">The training series, in time order.</param>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = _options;
        var reconstructs = _kind is NetworkKind.Autoencoder or NetworkKind.LstmAutoencoder;
        var needed = options.WindowSize + (reconstructs ? 0 : 1);
        var (values, dimensions) = InputColumn.ReadForFit(input, options.InputColumnName, nameof(input), needed,
            reconstructs ? $"WindowSize {options.WindowSize}: one full window" : $"WindowSize {options.WindowSize} + 1: one full window and the row after it");
        var scaler = SeriesScaler.Fit(values, dimensions);
        var scaled = scaler.Apply(values);
        var device = TorchDevices.Resolve(options.Device);
        if (options.NumberOfThreads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var seed = options.Seed ?? (_environment as IHostEnvironmentInternal)?.Seed ?? DeepDetectorDefaults.FallbackSeed;
        var shape = new NetworkShape(_kind, dimensions, options.WindowSize, options.HiddenSize, options.Layers, options.Dropout);
        var network = TorchSeeding.BuildSeeded(seed, () => NetworkFactory.Build(shape));
        try
        {
            network.to(device);
            var settings = new WindowTrainingSettings(shape, options.Epochs, options.BatchSize, options.LearningRate, seed, device, options.ValidationFraction, options.Patience, options.GradientClip);
            var wholeWindow = (options as ReconstructionDetectorOptions)?.ScoreWholeWindow ?? false;
            var errors = WindowTrainer.Train(network, scaled, settings, wholeWindow, CancellationToken.None, options.TrainingProgress, out var epochTime);
            var (errorScales, _) = TorchWindowDetector.CombineTrainingErrors(errors, dimensions);
            var raw = new TorchWindowDetector(network, device, shape, wholeWindow, scaler, errorScales, options.InferenceBatchSize) { EpochTime = epochTime };
            var chain = PostProcessedDetector.FitChain(raw, options.PostProcessing.ToSettings(raw.WarmUpLength), values);
            return CreateTransformer(options.CloneOptions(), new PostProcessedDetector(raw, chain));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Checks the input column and describes the output column, without fitting.</summary>
    /// <param name="inputSchema">The shape of the training data.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var input = InputColumn.Require(inputSchema, _options.InputColumnName, nameof(inputSchema));
        var output = PredictionColumn.Append(inputSchema, _options.OutputColumnName);
        return _options.ExpectedValueColumnName is null ? output : ExpectedValueColumn.Append(output, _options.ExpectedValueColumnName, input);
    }

    private protected abstract TTransformer CreateTransformer(DeepDetectorOptions options, PostProcessedDetector detector);
}

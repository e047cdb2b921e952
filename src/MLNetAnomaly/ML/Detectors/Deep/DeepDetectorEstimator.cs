using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Detectors;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;
using MLNetAnomaly.Torch.Training;
using TorchSharp;

namespace MLNetAnomaly;

/// <summary>
/// The estimator of every deep detector (LSTM, GRU, RNN, CNN, autoencoders); its options' type says which network.
/// It reads the input column in row order, standardises each dimension, builds the network under a fixed seed,
/// trains it on the network's own loss and fits the post-processing chain on the errors it makes on the training
/// rows (its raw scores) and on their range.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]; the first warm-up rows (the window) get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through a catalog method such as <c>mlContext.Transforms.DetectAnomalyByLstm(...)</c>.</para>
/// </remarks>
public sealed class DeepDetectorEstimator : IEstimator<DeepDetectorTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly DeepDetectorOptions _options;
    private readonly DetectorKind _kind;

    internal DeepDetectorEstimator(IHostEnvironment environment, DeepDetectorOptions options)
    {
        _environment = Guard.NotNull(environment, nameof(environment));
        _options = Guard.NotNull(options, nameof(options)).CloneOptions();
        _kind = DetectorKinds.Of(_options);
        _options.Validate();
    }

    /// <summary>The detector kind's name ("lstm", "gru", "rnn", "cnn", "autoencoder", "lstm-autoencoder").</summary>
    public string Kind => _kind.Name;

    /// <summary>
    /// Trains the network on the whole input column, which must hold enough rows for one full window and, for
    /// forecasters, the rows it forecasts.
    /// </summary>
    /// <param name="input">The training series, in time order.</param>
    public DeepDetectorTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = _options;

        // Resolving the device first also prepares the native library, before any other call into libtorch.
        var device = TorchDevices.Resolve(options.Device);
        if (options.NumberOfThreads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var seed = options.Seed ?? (_environment as IHostEnvironmentInternal)?.Seed ?? DeepDetectorOptions.Defaults.FallbackSeed;
        var (_, dimensions) = InputColumn.Require(input.Schema, options.InputColumnName, nameof(input));
        var (values, _) = InputColumn.ReadForFit(input, options.InputColumnName, nameof(input), options.WindowSize is null ? 3 : 1, options.WindowSize is null ? "three to choose a window and train on" : "one",
            allowMissing: options.MissingValues == MissingValueHandling.CarryForward);

        // Training runs through gaps on carried-forward values; the chain below sees the gaps as missing rows.
        var (filled, _) = GapFilling.CarryForward(values, dimensions)
            ?? throw new ArgumentException($"Input column '{options.InputColumnName}' has no finite value to train on (every value of a dimension is NaN or infinite).", nameof(input));
        var (window, windowChoice) = options.WindowSize is { } set ? (set, "set in the options") : WindowChoice.Choose(filled, dimensions);
        var shape = new NetworkShape(dimensions, window, options.HiddenSize, options.Layers, options.Dropout, (options as ForecastDetectorOptions)?.ForecastHorizon ?? 1);
        var network = TorchSeeding.BuildSeeded(seed, () => _kind.Deep!.Build(shape, options));
        try
        {
            var rows = values.Length / dimensions;
            if (rows < network.Span)
            {
                throw new ArgumentException(
                    $"Input column '{options.InputColumnName}' has {rows} rows; at least {network.Span} are needed (" +
                    (network.Span == window ? $"WindowSize {window}: one full window)."
                        : network.Span == window + 1 ? $"WindowSize {window} + 1: one full window and the row after it)."
                        : $"WindowSize {window} + ForecastHorizon {shape.Horizon}: one full window and the rows it forecasts)."),
                    nameof(input));
            }

            var scaler = SeriesScaler.Fit(filled, dimensions);
            var scaled = scaler.Apply(filled);
            network.to(device);
            var settings = new WindowTrainingSettings(options.Epochs, options.BatchSize, options.LearningRate, seed, device, options.ValidationFraction, options.Patience, options.GradientClip) { ProgressInterval = options.TrainingProgressInterval };
            var errors = WindowTrainer.Train(network, scaled, settings, options.Cancellation, options.TrainingProgress, out var epochTime);
            var (errorScales, _) = TorchWindowDetector.CombineTrainingErrors(errors, network.ErrorComponents);
            var raw = new TorchWindowDetector(network, device, scaler, errorScales, options.InferenceBatchSize)
            {
                EpochTime = epochTime,
                OnlineLearning = options.OnlineLearning.ToSettings(options.LearningRate, options.GradientClip),
                BuildCopy = () => _kind.Deep!.Build(shape with { Dropout = 0 }, options),
            };
            var chain = PostProcessedDetector.FitChain(raw, options.PostProcessing.ToSettings(network.WarmUpLength), values);
            var fitted = options.CloneOptions();
            fitted.WindowSize = window;
            return new DeepDetectorTransformer(_kind, fitted, new PostProcessedDetector(raw, chain)) { WindowChoice = windowChoice };
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
}

using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Detectors;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;
using MLNetAnomaly.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(DeepDetectorTransformer), null, typeof(SignatureLoadModel), "MLNetAnomaly deep detector", DeepDetectorTransformer.LoaderSignature)]

// The loader names of the retired per-network transformers (formats 0x00010001 to 0x00010005): files that carry
// them reach this loader, which refuses them with a message to refit instead of ML.NET's "unknown loader".
[assembly: LoadableClass(typeof(DeepDetectorTransformer), null, typeof(SignatureLoadModel), "Retired MLNetAnomaly deep detectors",
    "MLNetAnomalyLstmDetector", "MLNetAnomalyGruDetector", "MLNetAnomalyRnnDetector", "MLNetAnomalyCnnDetector", "MLNetAnomalyDenseAE", "MLNetAnomalyLstmAE")]

namespace MLNetAnomaly;

/// <summary>
/// A fitted deep detector (any network kind): adds [Alert, Score, P-Value] to data in time order, and saves and loads
/// with <c>mlContext.Model.Save</c> / <c>mlContext.Model.Load</c>.
/// </summary>
/// <remarks>
/// The model file holds what was fitted (the kind, the network's size and weights, the input scaler, the training
/// error scales, the post-processing chain) and the options that change scoring; training-only options (epochs,
/// learning rate, device, threads, seed, ...) are not saved, so <see cref="Options"/> of a loaded model shows their
/// defaults. A loaded model runs where the loading <c>MLContext</c> says, whatever it was fitted on: on the CPU
/// unless <c>mlContext.GpuDeviceId</c> is set (then on that CUDA device, or on the CPU with
/// <c>mlContext.FallbackToCpu</c> when there is none); <see cref="Options"/> shows which.
/// </remarks>
public sealed class DeepDetectorTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyDeepDetector";
    private const string Name = "deep detector";

    private readonly DetectorKind _kind;
    private readonly DeepDetectorOptions _options;

    internal DeepDetectorTransformer(DetectorKind kind, DeepDetectorOptions options, PostProcessedDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector, options.ExpectedValueColumnName)
    {
        _kind = kind;
        _options = options;
    }

    /// <summary>The detector kind's name ("lstm", "gru", "rnn", "cnn", "autoencoder", "lstm-autoencoder").</summary>
    public string Kind => _kind.Name;

    /// <summary>A copy of the options the detector was fitted with (of the kind's options type).</summary>
    public DeepDetectorOptions Options => _options.CloneOptions();

    /// <summary>
    /// How the window (<c>Options.WindowSize</c>) was chosen: "set in the options", or, when it was left null, the
    /// period found in the training series or why none was used (for example "period 24 found in the training
    /// series").
    /// </summary>
    public string WindowChoice { get; internal init; } = "set in the options";

    /// <summary>Values per row the detector was fitted on (1 for a univariate series).</summary>
    public int Dimensions => Detector.Dimensions;

    /// <summary>The trained network and what surrounds it (scaler, error scales).</summary>
    internal TorchWindowDetector Network => (TorchWindowDetector)((PostProcessedDetector)Detector).Raw;

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNADEEP", LoaderSignature, typeof(DeepDetectorTransformer));

    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        var network = Network;
        var shape = network.Shape;
        values.Set("Kind", _kind.Name)
            .Set("Dimensions", shape.Dimensions)
            .Set(nameof(DeepDetectorOptions.WindowSize), shape.WindowSize)
            .Set(nameof(DeepDetectorOptions.HiddenSize), shape.HiddenSize)
            .Set(nameof(DeepDetectorOptions.Layers), shape.Layers)
            .Set(nameof(DeepDetectorOptions.InferenceBatchSize), network.InferenceBatchSize)
            .Set(nameof(ReconstructionDetectorOptions.ScoreWholeWindow), (network.Network as ReconstructionNetwork)?.ScoreWholeWindow ?? false)
            .Set("ScalerMean", network.Scaler.Mean.ToArray())
            .Set("ScalerScale", network.Scaler.Scale.ToArray())
            .Set("ErrorScales", network.ErrorScales)
            .Set(nameof(ForecastDetectorOptions.ForecastHorizon), shape.Horizon)
            .Set(nameof(WindowChoice), WindowChoice)
            .Set("Weights", TorchWeights.ToBytes(network.Network));
        if (network.OnlineLearning is { } online)
        {
            // Absent in files of models that do not learn while scoring (and in files older than the option).
            values.Set("OnlineUpdateInterval", online.UpdateInterval)
                .Set("OnlineSteps", online.Steps)
                .Set("OnlineWindows", online.Windows)
                .Set("OnlineLearningRate", online.LearningRate)
                .Set("OnlineGradientClip", online.GradientClip);
        }

        ChainFormat.Write(values, ((PostProcessedDetector)Detector).Chain);
    }

    private static DeepDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var kindName = values.RequiredString("Kind");
        var kind = DetectorKinds.All.FirstOrDefault(k => k.Name == kindName && k.Deep is not null)
            ?? throw new NotSupportedException($"The model file holds a '{kindName}' deep detector, which this version of MLNetAnomaly does not know; upgrade the package to load it.");
        var options = kind.Deep!.NewOptions();
        ReadColumns(values, options);
        var window = values.RequiredInt(nameof(DeepDetectorOptions.WindowSize));
        options.WindowSize = window;
        options.HiddenSize = values.RequiredInt(nameof(DeepDetectorOptions.HiddenSize));
        options.Layers = values.RequiredInt(nameof(DeepDetectorOptions.Layers));
        options.InferenceBatchSize = values.Int(nameof(DeepDetectorOptions.InferenceBatchSize), options.InferenceBatchSize);
        if (options is ReconstructionDetectorOptions reconstruction)
        {
            reconstruction.ScoreWholeWindow = values.Bool(nameof(ReconstructionDetectorOptions.ScoreWholeWindow), false);
        }

        // Absent in files older than the option: those forecast one row.
        var horizon = values.Int(nameof(ForecastDetectorOptions.ForecastHorizon), 1);
        if (options is ForecastDetectorOptions forecast)
        {
            forecast.ForecastHorizon = horizon;
        }
        else if (horizon != 1)
        {
            throw values.Damaged($"it gives a '{kindName}' detector, which does not forecast, a ForecastHorizon of {horizon}");
        }

        var dimensions = values.RequiredInt("Dimensions");
        if (dimensions < 1 || dimensions > 1_000_000)
        {
            throw values.Damaged($"it describes a network with {dimensions} dimensions");
        }

        var scaler = new SeriesScaler(values.RequiredDoubles("ScalerMean", dimensions), values.RequiredDoubles("ScalerScale", dimensions));
        if (horizon < 1 || horizon > DeepDetectorOptions.Defaults.MaxForecastHorizon)
        {
            throw values.Damaged($"it gives a ForecastHorizon of {horizon}");
        }

        var errorScales = values.RequiredDoubles("ErrorScales", dimensions * horizon);
        var weights = values.RequiredBytes("Weights");
        OnlineLearningSettings? online = null;
        if (values.Int("OnlineUpdateInterval", 0) is var interval and > 0)
        {
            options.OnlineLearning = new OnlineLearningOptions
            {
                Enabled = true,
                UpdateInterval = interval,
                StepsPerUpdate = values.RequiredInt("OnlineSteps"),
                RecentWindows = values.RequiredInt("OnlineWindows"),
                LearningRate = values.RequiredDouble("OnlineLearningRate"),
            };
            options.GradientClip = values.RequiredDouble("OnlineGradientClip");
            online = options.OnlineLearning.ToSettings(options.LearningRate, options.GradientClip);
        }

        ModelFormat.Validate(options.Validate, values);

        // The device is the loading context's choice (MLContext.GpuDeviceId, FallbackToCpu), not the fitting one's.
        // The weights are overwritten, so no seeding is needed; resolving the device also prepares the native library.
        var host = env as IHostEnvironmentInternal;
        var device = TorchDevices.ForLoad(host?.GpuDeviceId, host?.FallbackToCpu ?? false);
        options.Device = device.type == DeviceType.CPU ? ComputeDevice.Cpu : ComputeDevice.Cuda;
        var network = kind.Deep.Build(new NetworkShape(dimensions, window, options.HiddenSize, options.Layers, 0, horizon), options);
        try
        {
            var chain = ChainFormat.Read(values, dimensions, network.WarmUpLength);
            options.PostProcessing = PostProcessingOptions.From(chain.Settings);
            TorchWeights.Load(network, weights, values.Component);
            network.to(device);
            network.eval();
            var shape = network.Shape;
            var raw = new TorchWindowDetector(network, device, scaler, errorScales, options.InferenceBatchSize)
            {
                OnlineLearning = online,
                BuildCopy = () => kind.Deep.Build(shape, options),
            };
            return new DeepDetectorTransformer(kind, options, new PostProcessedDetector(raw, chain))
            {
                WindowChoice = values.String(nameof(WindowChoice), null) ?? "set in the options",
            };
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}

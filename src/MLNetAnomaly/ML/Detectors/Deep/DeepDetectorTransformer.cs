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
using TorchSharp;

[assembly: LoadableClass(typeof(DeepDetectorTransformer), null, typeof(SignatureLoadModel), "MLNetAnomaly deep detector", DeepDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// A fitted deep detector (any network kind): adds [Alert, Score, P-Value] to data in time order, and saves and loads
/// with <c>mlContext.Model.Save</c> / <c>mlContext.Model.Load</c>.
/// </summary>
/// <remarks>
/// The model file holds what was fitted (the kind, the network's size and weights, the input scaler, the training
/// error scales, the post-processing chain) and the options that change scoring; training-only options (epochs,
/// learning rate, device, threads, seed, ...) are not saved, so <see cref="Options"/> of a loaded model shows their
/// defaults. A loaded model runs on CUDA when this process has it, else on the CPU, whatever it was fitted on.
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
            .Set("Weights", TorchWeights.ToBytes(network.Network));
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
        options.WindowSize = values.RequiredInt(nameof(DeepDetectorOptions.WindowSize));
        options.HiddenSize = values.RequiredInt(nameof(DeepDetectorOptions.HiddenSize));
        options.Layers = values.RequiredInt(nameof(DeepDetectorOptions.Layers));
        options.InferenceBatchSize = values.Int(nameof(DeepDetectorOptions.InferenceBatchSize), options.InferenceBatchSize);
        if (options is ReconstructionDetectorOptions reconstruction)
        {
            reconstruction.ScoreWholeWindow = values.Bool(nameof(ReconstructionDetectorOptions.ScoreWholeWindow), false);
        }

        var dimensions = values.RequiredInt("Dimensions");
        if (dimensions < 1 || dimensions > 1_000_000)
        {
            throw values.Damaged($"it describes a network with {dimensions} dimensions");
        }

        var chain = ChainFormat.Read(values, dimensions);
        options.PostProcessing = PostProcessingOptions.From(chain.Settings);
        ModelFormat.Validate(options.Validate, values);
        var scaler = new SeriesScaler(values.RequiredDoubles("ScalerMean", dimensions), values.RequiredDoubles("ScalerScale", dimensions));
        var errorScales = values.RequiredDoubles("ErrorScales", dimensions);

        // The weights are overwritten, so no seeding is needed; resolving the device also prepares the native library.
        var device = TorchDevices.Resolve(ComputeDevice.Auto);
        var network = kind.Deep.Build(new NetworkShape(dimensions, options.WindowSize, options.HiddenSize, options.Layers, 0), options);
        try
        {
            TorchWeights.Load(network, values.RequiredBytes("Weights"), values.Component);
            network.to(device);
            network.eval();
            var raw = new TorchWindowDetector(network, device, scaler, errorScales, options.InferenceBatchSize);
            return new DeepDetectorTransformer(kind, options, new PostProcessedDetector(raw, chain));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}

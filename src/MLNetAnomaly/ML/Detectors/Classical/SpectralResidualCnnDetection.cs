using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks.Convolutional;
using MLNetAnomaly.Torch.Training;

[assembly: LoadableClass(typeof(SpectralResidualCnnDetectorTransformer), null, typeof(SignatureLoadModel), "SR-CNN detector", SpectralResidualCnnDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Options of <see cref="SpectralResidualCnnDetectorEstimator"/>: the saliency window (the shipped network reads
/// maps of 64 points), the probability threshold, training on your own series, and the post-processing chain. The
/// output column is a vector of three doubles: [Alert, Score, P-Value] through the chain (the default), or
/// [Alert, Score (probability), Mag] without it.
/// </summary>
public sealed class SpectralResidualCnnDetectorOptions : SaliencyWindowOptions
{
    /// <summary>
    /// Alerts where the network's probability exceeds it, in (0, 1). Default 0.96: the best-F1 threshold of the
    /// shipped network on validation series (docs/detectors.md); training weights anomalies by the class ratio, so
    /// probabilities run high.
    /// </summary>
    public double Threshold { get; set; } = Defaults.Threshold;

    /// <summary>
    /// 0 uses the shipped network as it is (Fit reads no data). Above 0, Fit trains for this many epochs on the input
    /// series with anomalies injected into copies of it, starting from the shipped network when WindowSize is 64.
    /// Default 0.
    /// </summary>
    public int Epochs { get; set; }

    /// <summary>Training: copies of the input series, each with its own injected anomalies. At least 1. Default 10.</summary>
    public int Copies { get; set; } = Defaults.Copies;

    /// <summary>Training: Adam's learning rate. Default 0.001.</summary>
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Training: seed of the injection and the shuffling. Default 1.</summary>
    public int Seed { get; set; } = Defaults.Seed;

    /// <summary>Options with every default, including the post-processing chain (on by default for SR-CNN).</summary>
    public SpectralResidualCnnDetectorOptions()
    {
        PostProcessing = new PostProcessingOptions();
    }

    internal SpectralResidualCnnDetectorOptions Clone() => (SpectralResidualCnnDetectorOptions)CloneOptions();

    internal SpectralResidualSettings Settings() => new(WindowSize, BackAddWindowSize, LookaheadWindowSize, AveragingWindowSize, 1, Threshold);

    internal override void Validate()
    {
        ValidateWindow(SaliencyCnnNetwork.MinimumWindow);
        Guard.AtLeast(Epochs, 0, nameof(Epochs));
        Guard.AtLeast(Copies, 1, nameof(Copies));
        Guard.Positive(LearningRate, nameof(LearningRate));
        Guard.Between(Threshold, 0, 1, nameof(Threshold));
        if (Epochs == 0 && WindowSize != Defaults.WindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, $"The shipped SR-CNN network reads maps of {Defaults.WindowSize} points; with another WindowSize set Epochs above 0 to train one on the input series.");
        }
    }

    /// <summary>The default of every option, in one place.</summary>
    internal new static class Defaults
    {
        /// <summary>The window of the shipped network.</summary>
        internal const int WindowSize = SaliencyWindowOptions.Defaults.WindowSize;
        internal const double Threshold = 0.96;
        internal const int Copies = 10;
        internal const double LearningRate = 1e-3;
        internal const int Seed = 1;
    }
}

/// <summary>
/// SR-CNN (Ren et al., KDD 2019): spectral residual saliency maps classified by a small 1-D CNN trained on series
/// with injected anomalies. ML.NET's "SrCnn" detectors have no CNN; this one does. A trained network ships inside the
/// package (see docs/detectors.md for how it was made); <see cref="SpectralResidualCnnDetectorOptions.Epochs"/> above
/// 0 retrains it on your own series.
/// </summary>
/// <remarks>Reach it through <c>mlContext.Transforms.DetectAnomalyBySpectralResidualCnn(...)</c>.</remarks>
public sealed class SpectralResidualCnnDetectorEstimator : ClassicalDetectorEstimator<SpectralResidualCnnDetectorOptions, SpectralResidualCnnDetectorTransformer>
{
    internal SpectralResidualCnnDetectorEstimator(SpectralResidualCnnDetectorOptions options)
        : base(options)
    {
    }

    /// <summary>Uses the shipped network, or trains one on <paramref name="input"/> when Epochs is above 0.</summary>
    private protected override SpectralResidualCnnDetectorTransformer CreateTransformer(SpectralResidualCnnDetectorOptions options, IDataView input)
    {
        var network = SaliencyCnnModel.Create(options.WindowSize, options.Epochs == 0 || options.WindowSize == SpectralResidualCnnDetectorOptions.Defaults.WindowSize);
        try
        {
            if (options.Epochs > 0)
            {
                var (values, _) = InputColumn.ReadForFit(input, options.InputColumnName, "input", options.WindowSize + 1, $"WindowSize {options.WindowSize} + 1 points for one saliency map");
                var windows = new SaliencyWindows(options.WindowSize, options.BackAddWindowSize, options.LookaheadWindowSize, options.AveragingWindowSize);
                var (maps, labels) = SaliencyCnnTrainer.Examples(new[] { values }, windows, options.Copies, new Random(options.Seed));
                SaliencyCnnTrainer.Train(network, maps, labels, options.WindowSize, options.Epochs, options.LearningRate, options.Seed);
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }

        var raw = new SaliencyCnnDetector(network, options.Settings());
        return new SpectralResidualCnnDetectorTransformer(options, WithPostProcessing(raw, options.PostProcessing, input, options.InputColumnName, options.WindowSize));
    }
}

/// <summary>A ready SR-CNN detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>, network included.</summary>
public sealed class SpectralResidualCnnDetectorTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalySrCnn";
    private const string Name = "SR-CNN detector";
    private static readonly string[] Slots = { "Alert", "Score", "Mag" };
    private readonly SpectralResidualCnnDetectorOptions _options;

    internal SpectralResidualCnnDetectorTransformer(SpectralResidualCnnDetectorOptions options, IFittedDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector)
    {
        _options = options;
    }

    /// <summary>A copy of the options.</summary>
    public SpectralResidualCnnDetectorOptions Options => _options.Clone();

    private protected override IReadOnlyList<string> SlotNames => _options.PostProcessing is null ? Slots : base.SlotNames;

    private SaliencyCnnDetector Network => (SaliencyCnnDetector)((Detector as PostProcessedDetector)?.Raw ?? Detector);

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNASRCN", LoaderSignature, typeof(SpectralResidualCnnDetectorTransformer));

    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        var o = _options;
        o.SaveWindow(values);
        values.Set(nameof(o.Epochs), o.Epochs)
            .Set(nameof(o.Copies), o.Copies)
            .Set(nameof(o.Seed), o.Seed)
            .Set(nameof(o.Threshold), o.Threshold)
            .Set(nameof(o.LearningRate), o.LearningRate)
            .Set("Weights", TorchWeights.ToBytes(Network.Network));
        ChainFormat.WriteOptional(values, Detector);
    }

    private static SpectralResidualCnnDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var (input, output, _) = ReadColumns(values);
        var options = new SpectralResidualCnnDetectorOptions { InputColumnName = input, OutputColumnName = output };
        options.LoadWindow(values);
        options.Epochs = values.Int(nameof(options.Epochs), options.Epochs);
        options.Copies = values.Int(nameof(options.Copies), options.Copies);
        options.Seed = values.Int(nameof(options.Seed), options.Seed);
        options.Threshold = values.Double(nameof(options.Threshold), options.Threshold);
        options.LearningRate = values.Double(nameof(options.LearningRate), options.LearningRate);
        ModelFormat.Validate(options.Validate, values);
        var weights = values.RequiredBytes("Weights");
        var network = SaliencyCnnModel.Create(options.WindowSize, loadDefault: false);
        try
        {
            TorchWeights.Load(network, weights, values.Component);
            network.eval();
            var detector = ChainFormat.ReadOptional(values, new SaliencyCnnDetector(network, options.Settings()), options.WindowSize);
            options.PostProcessing = PostProcessingOptions.Of(detector);
            return new SpectralResidualCnnDetectorTransformer(options, detector);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}

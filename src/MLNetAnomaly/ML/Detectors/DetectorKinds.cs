using Microsoft.ML;
using MLNetAnomaly.Selection;
using MLNetAnomaly.Torch.Networks;
using MLNetAnomaly.Torch.Networks.Autoencoders;
using MLNetAnomaly.Torch.Networks.Convolutional;
using MLNetAnomaly.Torch.Networks.Recurrent;

namespace MLNetAnomaly.ML.Detectors;

/// <summary>
/// The table of detector kinds. Adding a deep detector means a network class, an options class, a row here and its
/// catalog methods (see docs/architecture.md, "Adding a detector").
/// </summary>
internal static class DetectorKinds
{
    /// <summary>Every detector kind: the deep ones, then the classical ones, in the order the docs list them.</summary>
    internal static IReadOnlyList<DetectorKind> All { get; } = new[]
    {
        Deep<LstmDetectorOptions, RecurrentForecastNetwork>("lstm", "stacked LSTM next-step forecaster", shape => new RecurrentForecastNetwork(RecurrentCell.Lstm, shape)),
        Deep<GruDetectorOptions, RecurrentForecastNetwork>("gru", "stacked GRU next-step forecaster", shape => new RecurrentForecastNetwork(RecurrentCell.Gru, shape)),
        Deep<RnnDetectorOptions, RecurrentForecastNetwork>("rnn", "stacked Elman RNN next-step forecaster", shape => new RecurrentForecastNetwork(RecurrentCell.Rnn, shape)),
        Deep<CnnDetectorOptions, ConvolutionalForecastNetwork>("cnn", "temporal convolutional forecaster (DeepAnT-like)", shape => new ConvolutionalForecastNetwork(shape)),
        Deep<AutoencoderDetectorOptions, DenseAutoencoderNetwork>("autoencoder", "dense autoencoder over each window", shape => new DenseAutoencoderNetwork(shape)),
        Deep<LstmAutoencoderDetectorOptions, LstmAutoencoderNetwork>("lstm-autoencoder", "LSTM encoder-decoder over each window (EncDec-AD)", shape => new LstmAutoencoderNetwork(shape)),
        new DetectorKind(
            "iid-spike",
            "IID spike: kernel-density p-value of each value (ML.NET's IidSpike)",
            (catalog, output, input, chain) => catalog.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain }),
            _ => new[] { 50, 100, 200 }.Select(history => new SelectionTrial("iid-spike", $"p-value history {history}",
                (ml, input, output, _, _) => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = output, InputColumnName = input, PValueHistoryLength = history, PostProcessing = new() })))),
        new DetectorKind(
            "iid-changepoint",
            "IID change point: a martingale over kernel-density p-values (ML.NET's IidChangePoint)",
            (catalog, output, input, chain) => catalog.DetectChangePointByIid(new IidChangePointDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain }),
            _ => new[] { new SelectionTrial("iid-changepoint", "change history 20",
                (ml, input, output, _, _) => ml.Transforms.DetectChangePointByIid(new IidChangePointDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = new() })) }),
        new DetectorKind(
            "ssa-spike",
            "SSA spike: kernel p-value of each value's error against a singular spectrum forecast (ML.NET's SsaSpike)",
            (catalog, output, input, chain) => catalog.DetectAnomalyBySsaSpike(new SsaSpikeDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain }),
            _ => new[] { (10, 100), (30, 300) }.Select(setting => new SelectionTrial("ssa-spike", $"seasonality window {setting.Item1}, training {setting.Item2}",
                (ml, input, output, _, _) => ml.Transforms.DetectAnomalyBySsaSpike(new SsaSpikeDetectorOptions { OutputColumnName = output, InputColumnName = input, SeasonalityWindowSize = setting.Item1, TrainingWindowSize = setting.Item2, PostProcessing = new() })))),
        new DetectorKind(
            "ssa-changepoint",
            "SSA change point: a martingale over the p-values of singular spectrum forecast errors (ML.NET's SsaChangePoint)",
            (catalog, output, input, chain) => catalog.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain }),
            _ => new[] { new SelectionTrial("ssa-changepoint", "seasonality window 10, training 100, change history 20",
                (ml, input, output, _, _) => ml.Transforms.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = new() })) }),
        new DetectorKind(
            "sr",
            "spectral residual saliency (ML.NET's SR-Entire online mode)",
            (catalog, output, input, chain) => catalog.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain }),
            _ => new[] { 32, 64 }.Select(window => new SelectionTrial("sr", $"window {window}",
                (ml, input, output, _, _) => ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = output, InputColumnName = input, WindowSize = window, PostProcessing = new() })))),
        new DetectorKind(
            "srcnn",
            "SR-CNN: a CNN over spectral-residual saliency (Ren et al. 2019)",
            (catalog, output, input, chain) => catalog.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain ?? new() }),
            _ => new[] { new SelectionTrial("srcnn", "shipped network", (ml, input, output, _, _) => ml.Transforms.DetectAnomalyBySpectralResidualCnn(output, input)) }),
    };

    /// <summary>The kind named <paramref name="name"/> (case-insensitive), or an error listing the names.</summary>
    internal static DetectorKind Find(string? name)
        => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown detector '{name}'. Available: {string.Join(", ", All.Select(k => k.Name))}.");

    /// <summary>The deep kind whose options <paramref name="options"/> are.</summary>
    internal static DetectorKind Of(DeepDetectorOptions options)
        => All.FirstOrDefault(k => k.Deep?.OptionsType == options.GetType())
        ?? throw new ArgumentOutOfRangeException(nameof(options), options.GetType().Name, $"{options.GetType().Name} is not the options of a deep detector kind (LstmDetectorOptions, GruDetectorOptions, ...).");

    /// <summary>Options of a deep kind at a small, fixed setting (one layer, batch 64, CPU), as the benchmark and selection use them.</summary>
    internal static DeepDetectorOptions SmallOptions(DetectorKind kind, string input, string output, int? window, int hidden, int epochs, double learningRate, int seed, CancellationToken cancellation = default)
    {
        var options = kind.Deep!.NewOptions();
        options.InputColumnName = input;
        options.OutputColumnName = output;
        options.WindowSize = window;
        options.HiddenSize = hidden;
        options.Layers = 1;
        options.Epochs = epochs;
        options.LearningRate = learningRate;
        options.BatchSize = 64;
        options.Seed = seed;
        options.Device = ComputeDevice.Cpu;
        options.Cancellation = cancellation;
        return options;
    }

    /// <summary>A deep kind: its estimator at default options, and a selection grid over window and hidden size.</summary>
    private static DetectorKind Deep<TOptions, TNetwork>(string name, string summary, Func<NetworkShape, TNetwork> build)
        where TOptions : DeepDetectorOptions, new()
        where TNetwork : WindowNetwork
    {
        DetectorKind? kind = null;
        kind = new DetectorKind(
            name,
            summary,
            (catalog, output, input, chain) => catalog.DetectAnomalyByNetwork(new TOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain ?? new() }),
            seed => from window in new[] { 16, 32 }
                    from hidden in new[] { 16, 32 }
                    select new SelectionTrial(name, $"window {window}, hidden {hidden}, 1 layer",
                        (ml, input, output, epochs, cancellation) => ml.Transforms.DetectAnomalyByNetwork(SmallOptions(kind!, input, output, window, hidden, epochs, learningRate: 0.005, seed, cancellation)),
                        Epochs: SelectionSearchSpace.FullEpochs),
            new DeepNetworkKind(typeof(TOptions), () => new TOptions(), build, typeof(TNetwork)));
        return kind;
    }
}

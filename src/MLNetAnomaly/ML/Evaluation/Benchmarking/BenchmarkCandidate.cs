using Microsoft.ML;

namespace MLNetAnomaly.ML.Evaluation.Benchmarking;

/// <summary>
/// A detector configuration the benchmark runs: it builds an estimator that reads a float column and writes a
/// prediction column [Alert, Score, P-Value]. Univariate candidates run on each channel of a multivariate series.
/// </summary>
/// <param name="Name">Short name used in the leaderboard.</param>
/// <param name="Description">The configuration, in words.</param>
/// <param name="Create">Builds the estimator for (context, input column, output column).</param>
internal sealed record BenchmarkCandidate(string Name, string Description, Func<MLContext, string, string, IEstimator<ITransformer>> Create)
{
    /// <summary>
    /// Every deep detector the library ships, at one benchmark setting: window 32, hidden size 32, one layer,
    /// 15 epochs, learning rate 0.005, batch 64, on the CPU.
    /// </summary>
    /// <param name="seed">Seed of every fit.</param>
    /// <param name="calibration">How errors become scores; null keeps the library's default. Others are named "NAME+static" or "NAME+adaptive".</param>
    /// <param name="threshold">How alerts are decided; null keeps the library's default. Others get "+pvalue", "+contamination" or "+spot".</param>
    internal static IReadOnlyList<BenchmarkCandidate> All(int seed, ScoreCalibration? calibration = null, AlertThreshold? threshold = null) => DetectorRegistry.DeepDetectorNames
        .Select(name => new BenchmarkCandidate(
            name + Suffix(calibration) + Suffix(threshold),
            $"{name}: window 32, hidden 32, 1 layer, 15 epochs, learning rate 0.005, batch 64, {calibration?.ToString() ?? "default"} calibration, {threshold?.ToString() ?? "default"} threshold",
            (ml, input, output) =>
        {
            var options = DetectorRegistry.SmallOptions(name, input, output, window: 32, hidden: 32, epochs: 15, learningRate: 0.005, seed);
            options.Calibration = calibration ?? options.Calibration;
            options.Threshold = threshold ?? options.Threshold;
            return DetectorRegistry.CreateEstimator(ml.Transforms, options);
        }))
        .ToList();

    /// <summary>
    /// The classical detectors at ML.NET's defaults, except SR's threshold, which only changes alerts: 3 (0.3 alerts
    /// on most points of seasonal series; docs/detectors.md).
    /// </summary>
    internal static IReadOnlyList<BenchmarkCandidate> Classical() => new[]
    {
        new BenchmarkCandidate("iid-spike", "iid-spike: confidence 99, p-value history 100, two-sided",
            (ml, input, output) => ml.Transforms.DetectAnomalyByIidSpike(output, input)),
        new BenchmarkCandidate("sr", "sr: window 64, back-add 5, lookahead 5, averaging 3, judgement 21, threshold 3",
            (ml, input, output) => ml.Transforms.DetectAnomalyBySpectralResidual(output, input, threshold: 3)),
        new BenchmarkCandidate("srcnn", "srcnn: the shipped network (window 64), probability threshold 0.96",
            (ml, input, output) => ml.Transforms.DetectAnomalyBySpectralResidualCnn(output, input)),
    };

    /// <summary>
    /// Unsupervised selection on each series' training part (no labels): <paramref name="trials"/> trials over every
    /// detector, with successive halving, judged by anomalies injected into the last 30% of that part and centrality.
    /// </summary>
    /// <param name="seed">Seed of the selection.</param>
    /// <param name="ensembleSize">1: the best detector, with calibrated scores (so one corpus-wide threshold means the same on every series); more: an ensemble of the top ones.</param>
    /// <param name="trials">Trials per series; named "auto" (8), "autoN" otherwise.</param>
    internal static BenchmarkCandidate Selection(int seed, int ensembleSize, int trials = 8) => new(
        (ensembleSize == 1 ? "auto" : $"auto-ensemble{ensembleSize}") + (trials == 8 ? string.Empty : $"-{trials}"),
        $"unsupervised selection, {trials} trials over all detectors with successive halving, validation 30% of the training part, {(ensembleSize == 1 ? "best detector with calibrated scores" : $"calibrated ensemble of the top {ensembleSize}")}",
        (ml, input, output) => new DetectorSelectionEstimator(new DetectorSelectionOptions
        {
            InputColumnName = input,
            OutputColumnName = output,
            MaxTrials = trials,
            Seed = seed,
            EnsembleSize = ensembleSize,
            CalibrateScores = true,
        }));

    private static string Suffix<T>(T? setting)
        where T : struct, Enum
        => setting is null ? string.Empty : "+" + setting.Value.ToString().ToLowerInvariant();
}

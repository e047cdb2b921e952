using Microsoft.ML;
using MLNetAnomaly.ML.Detectors;
using MLNetAnomaly.Selection;

namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>
/// A detector configuration the benchmark runs: it builds an estimator that reads a float column and writes a
/// prediction column [Alert, Score, P-Value]. Univariate candidates run on each channel of a multivariate series.
/// </summary>
/// <param name="Name">Short name used in the leaderboard.</param>
/// <param name="Description">The configuration, in words.</param>
/// <param name="Create">Builds the estimator for (context, input column, output column).</param>
/// <param name="Multivariate">
/// Whether the detector can model a vector of channels together (the deep detectors); with the benchmark's
/// <see cref="BenchmarkOptions.Vector"/>, a multivariate series then goes to it as one vector column.
/// </param>
internal sealed record BenchmarkCandidate(string Name, string Description, Func<MLContext, string, string, IEstimator<ITransformer>> Create, bool Multivariate = false)
{
    /// <summary>The benchmark's fixed window, unless --window says otherwise.</summary>
    internal const int FixedWindow = 32;

    /// <summary>
    /// Every deep detector the library ships, at one benchmark setting: window 32 (or <paramref name="window"/>; null
    /// chooses it from each series), hidden size 32, one layer,
    /// 15 epochs, learning rate 0.005, batch 64, on the CPU, through <paramref name="chain"/>.
    /// </summary>
    /// <param name="seed">Seed of every fit.</param>
    /// <param name="chain">The post-processing chain; null keeps the library's default.</param>
    /// <param name="suffix">Appended to each name, to tell chains apart ("" for the default chain).</param>
    /// <param name="online">Learning while scoring; null keeps the library's default.</param>
    /// <param name="window">The window; null chooses it from each series' training part.</param>
    /// <param name="horizon">The forecasters' <see cref="ForecastDetectorOptions.ForecastHorizon"/>.</param>
    internal static IReadOnlyList<BenchmarkCandidate> All(int seed, PostProcessingOptions? chain = null, string suffix = "", OnlineLearningOptions? online = null, int? window = FixedWindow, int horizon = 1) => DetectorKinds.All
        .Where(kind => kind.Deep is not null)
        .Select(kind => new BenchmarkCandidate(
            kind.Name + suffix,
            $"{kind.Name}: window {(window is { } w ? w.ToString(System.Globalization.CultureInfo.InvariantCulture) : "from the series")}, hidden 32, 1 layer, 15 epochs, learning rate 0.005, batch 64{(horizon > 1 && kind.Deep!.NewOptions() is ForecastDetectorOptions ? $", forecast horizon {horizon}" : string.Empty)}; post-processing: {Describe(chain)}{Describe(online)}",
            (ml, input, output) =>
        {
            var options = DetectorKinds.SmallOptions(kind, input, output, window: window, hidden: 32, epochs: 15, learningRate: 0.005, seed);
            options.PostProcessing = chain?.Clone() ?? new PostProcessingOptions();
            options.OnlineLearning = online?.Clone() ?? new OnlineLearningOptions();
            if (options is ForecastDetectorOptions forecast)
            {
                forecast.ForecastHorizon = horizon;
            }

            return DetectorRegistry.CreateEstimator(ml.Transforms, options);
        }, Multivariate: true))
        .ToList();

    /// <summary>
    /// The classical detectors through <paramref name="chain"/> (IID spike and SR at ML.NET's settings, SR-CNN with its
    /// shipped network), then IID spike and SR with ML.NET's own output and alerts ("-mlnet"; SR's threshold 0.3 as in
    /// ML.NET).
    /// </summary>
    /// <param name="chain">The post-processing chain; null keeps the library's default.</param>
    /// <param name="suffix">Appended to the chained detectors' names.</param>
    internal static IReadOnlyList<BenchmarkCandidate> Classical(PostProcessingOptions? chain = null, string suffix = "")
    {
        var description = Describe(chain);
        return new[]
        {
            new BenchmarkCandidate("iid-spike" + suffix, $"iid-spike: p-value history 100, two-sided; post-processing: {description}",
                (ml, input, output) => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain?.Clone() ?? new() })),
            new BenchmarkCandidate("sr" + suffix, $"sr: window 64, back-add 5, lookahead 5, averaging 3, judgement 21; post-processing: {description}",
                (ml, input, output) => ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain?.Clone() ?? new() })),
            new BenchmarkCandidate("iid-changepoint" + suffix, $"iid-changepoint: change history 20, power martingale 0.1, confidence 95; post-processing: {description}",
                (ml, input, output) => ml.Transforms.DetectChangePointByIid(new IidChangePointDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain?.Clone() ?? new() })),
            new BenchmarkCandidate("ssa-spike" + suffix, $"ssa-spike: seasonality window 10, trained on the first 100 values, p-value history 100, two-sided; post-processing: {description}",
                (ml, input, output) => ml.Transforms.DetectAnomalyBySsaSpike(new SsaSpikeDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain?.Clone() ?? new() })),
            new BenchmarkCandidate("ssa-changepoint" + suffix, $"ssa-changepoint: seasonality window 10, trained on the first 100 values, change history 20, power martingale 0.1, confidence 95; post-processing: {description}",
                (ml, input, output) => ml.Transforms.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain?.Clone() ?? new() })),
            new BenchmarkCandidate("sr-robust" + suffix, $"sr with RobustExtension: window 64, back-add 5, lookahead 5, averaging 3, judgement 21; post-processing: {description}",
                (ml, input, output) => ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = output, InputColumnName = input, RobustExtension = true, PostProcessing = chain?.Clone() ?? new() })),
            new BenchmarkCandidate("srcnn" + suffix, $"srcnn: the shipped network (window 64); post-processing: {description}",
                (ml, input, output) => ml.Transforms.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions { OutputColumnName = output, InputColumnName = input, PostProcessing = chain?.Clone() ?? new() })),
            new BenchmarkCandidate("iid-spike-mlnet", "iid-spike with ML.NET's output: confidence 99, p-value history 100, two-sided; its Score slot is the value, as in ML.NET",
                (ml, input, output) => ml.Transforms.DetectAnomalyByIidSpike(output, input)),
            new BenchmarkCandidate("ssa-spike-mlnet", "ssa-spike with ML.NET's output: confidence 99, p-value history 100, seasonality window 10, trained on the first 100 values, two-sided; its alerts are ML.NET's, its ranking the signed raw score (value − forecast) as in ML.NET's Score slot",
                (ml, input, output) => ml.Transforms.DetectAnomalyBySsaSpike(output, input)),
            new BenchmarkCandidate("sr-mlnet", "sr with ML.NET's output: window 64, back-add 5, lookahead 5, averaging 3, judgement 21, threshold 0.3; ranked by its raw score",
                (ml, input, output) => ml.Transforms.DetectAnomalyBySpectralResidual(output, input)),
        };
    }

    /// <summary>
    /// Unsupervised selection on each series' training part (no labels): <paramref name="trials"/> trials over every
    /// detector, with successive halving, judged by anomalies injected into the last 30% of that part and centrality.
    /// </summary>
    /// <param name="seed">Seed of the selection.</param>
    /// <param name="ensembleSize">1: the best detector; more: an ensemble of the top ones.</param>
    /// <param name="trials">Trials per series; named "auto" (8), "autoN" otherwise.</param>
    /// <param name="deepOnly">Only the deep detectors' trials ("-deep"), to tell the judging from the search space.</param>
    internal static BenchmarkCandidate Selection(int seed, int ensembleSize, int trials = 8, bool deepOnly = false) => new(
        (ensembleSize == 1 ? "auto" : $"auto-ensemble{ensembleSize}") + (trials == 8 ? string.Empty : $"-{trials}") + (deepOnly ? "-deep" : string.Empty),
        $"unsupervised selection, {trials} trials over {(deepOnly ? "the deep detectors" : "all detectors")} with successive halving, validation 30% of the training part, {(ensembleSize == 1 ? "best detector" : $"ensemble of the top {ensembleSize}")}",
        (ml, input, output) => new DetectorSelectionEstimator(new DetectorSelectionOptions
        {
            InputColumnName = input,
            OutputColumnName = output,
            MaxTrials = trials,
            Seed = seed,
            EnsembleSize = ensembleSize,
            Detectors = deepOnly ? DetectorRegistry.DeepDetectorNames.ToArray() : null,
        }));

    /// <summary>Learning while scoring in words ("" when it keeps the library's default).</summary>
    internal static string Describe(OnlineLearningOptions? online) => online is null ? string.Empty
        : FormattableString.Invariant($"; learning while scoring: {online.StepsPerUpdate} step(s) on the newest {online.RecentWindows} windows every {online.UpdateInterval} rows, learning rate {(online.LearningRate is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "as fitted")}");

    /// <summary>The chain in words.</summary>
    internal static string Describe(PostProcessingOptions? chain)
    {
        var c = chain ?? new PostProcessingOptions();
        var refractory = c.RefractoryPeriod is { } rows ? rows.ToString(System.Globalization.CultureInfo.InvariantCulture) : "the detector's window";
        return $"{c.Calibration} calibration{(c.Calibration == ScoreCalibration.Likelihood ? (c.LikelihoodFilter ? " with filter" : " without filter") : string.Empty)}, range rule {(c.RangeRule ? "on" : "off")}, refractory {refractory}, {c.Threshold} alerts";
    }
}

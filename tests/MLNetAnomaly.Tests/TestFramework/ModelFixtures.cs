using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.ML;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// The model files kept as test fixtures (tests/MLNetAnomaly.Tests/Fixtures/Models): one per component and model
/// format the library reads, each with the predictions it gave on <see cref="Series"/> when it was written. They are
/// written by <c>MLNETANOMALY_WRITE_FIXTURES=1 dotnet test --filter ModelFixtureTests</c>, which writes only the ones
/// missing, so each generation stays as it was written. A fixture's name ends with the format it was written in.
/// </summary>
internal static class ModelFixtures
{
    /// <summary>The series every fixture was fitted on (its first 120 rows) and scores (all of it).</summary>
    internal static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(160, period: 12), 8, 140);

    /// <summary>The first format of named values (ModelFormat.NamedValues), in which most components still write.</summary>
    private const string NamedValues = ".0x00020001";

    /// <summary>The format IID spike and SR write since their parity with ML.NET.</summary>
    private const string Parity = ".0x00020002";

    /// <summary>Each fixture's name and how it is fitted.</summary>
    internal static IReadOnlyList<(string Name, Func<MLContext, IDataView, ITransformer> Fit)> All { get; } = new (string, Func<MLContext, IDataView, ITransformer>)[]
    {
        ("lstm" + NamedValues, (ml, data) => Deep(ml, "lstm", o => o.ExpectedValueColumnName = "Expected").Fit(data)),
        ("gru" + NamedValues, (ml, data) => Deep(ml, "gru").Fit(data)),
        ("rnn" + NamedValues, (ml, data) => Deep(ml, "rnn").Fit(data)),
        ("cnn" + NamedValues, (ml, data) => Deep(ml, "cnn", o => o.HiddenSize = 8).Fit(data)),
        ("autoencoder" + NamedValues, (ml, data) => Deep(ml, "autoencoder", o => ((ReconstructionDetectorOptions)o).ScoreWholeWindow = true).Fit(data)),
        ("lstm-autoencoder" + NamedValues, (ml, data) => Deep(ml, "lstm-autoencoder").Fit(data)),
        ("iid-spike" + NamedValues, (ml, data) => ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value", pvalueHistoryLength: 30).Fit(data)),
        ("iid-spike-chain" + NamedValues, (ml, data) => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PValueHistoryLength = 30, PostProcessing = new() }).Fit(data)),
        ("sr" + NamedValues, (ml, data) => ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value", windowSize: 24, judgementWindowSize: 11).Fit(data)),
        ("srcnn" + NamedValues, (ml, data) => ml.Transforms.DetectAnomalyBySpectralResidualCnn("Prediction", "Value").Fit(data)),
        ("adapter" + NamedValues, (ml, data) => ml.Transforms.NormalizeMeanVariance("Z", "Value", fixZero: false).AsDetector("Z", postProcessing: new PostProcessingOptions { Calibration = ScoreCalibration.Static }).Fit(data)),
        ("iid-spike" + Parity, (ml, data) => ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value", confidence: 80, pvalueHistoryLength: 30).Fit(data)),
        ("iid-spike-chain" + Parity, (ml, data) => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PValueHistoryLength = 30, PostProcessing = new() }).Fit(data)),
        ("sr" + Parity, (ml, data) => ml.Transforms.DetectAnomalyBySpectralResidual("Prediction", "Value", windowSize: 24, judgementWindowSize: 11, threshold: 0.1).Fit(data)),
        ("sr-robust" + Parity, (ml, data) => ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", WindowSize = 24, JudgementWindowSize = 11, RobustExtension = true }).Fit(data)),
        ("iid-changepoint" + NamedValues, (ml, data) => ml.Transforms.DetectChangePointByIid("Prediction", "Value", confidence: 90, changeHistoryLength: 10).Fit(data)),
        ("iid-changepoint-chain" + NamedValues, (ml, data) => ml.Transforms.DetectChangePointByIid(new IidChangePointDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", ChangeHistoryLength = 10, PostProcessing = new() }).Fit(data)),
        ("ssa-spike" + NamedValues, (ml, data) => ml.Transforms.DetectAnomalyBySsaSpike("Prediction", "Value", confidence: 95, pvalueHistoryLength: 20, trainingWindowSize: 60, seasonalityWindowSize: 12).Fit(data)),
        ("ssa-changepoint-chain" + NamedValues, (ml, data) => ml.Transforms.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", ChangeHistoryLength = 10, TrainingWindowSize = 60, SeasonalityWindowSize = 12, PostProcessing = new() }).Fit(data)),
        ("ensemble" + NamedValues, (ml, data) => DetectorEnsembleTransformer.Create("Value", "Prediction", new SequentialDetectorTransformer[]
        {
            (SequentialDetectorTransformer)ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { OutputColumnName = "Prediction", InputColumnName = "Value", PValueHistoryLength = 30, PostProcessing = new() }).Fit(data),
            Deep(ml, "gru").Fit(data),
        })),
    };

    /// <summary>The folder of the fixtures in the source tree (where they are written).</summary>
    internal static string SourceFolder() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Fixtures", "Models"));

    /// <summary>The folder of the fixtures beside the test assembly (where they are read).</summary>
    internal static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Models");

    /// <summary>The model file of a fixture, in the folder given.</summary>
    internal static string ModelPath(string folder, string name) => Path.Combine(folder, $"{name}.zip");

    /// <summary>The predictions file of a fixture: one row per line, the three slots in round-trip form.</summary>
    internal static string PredictionsPath(string folder, string name) => Path.Combine(folder, $"{name}.predictions.csv");

    /// <summary>Writes predictions as text.</summary>
    internal static void WritePredictions(string path, double[][] predictions)
        => File.WriteAllLines(path, predictions.Select(p => string.Join(",", p.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));

    /// <summary>Reads what <see cref="WritePredictions"/> wrote.</summary>
    internal static double[][] ReadPredictions(string path)
        => File.ReadAllLines(path).Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static DeepDetectorEstimator Deep(MLContext ml, string name, Action<DeepDetectorOptions>? configure = null)
    {
        var options = DetectorRegistry.CreateOptions(name);
        options.InputColumnName = "Value";
        options.OutputColumnName = "Prediction";
        options.WindowSize = 8;
        options.HiddenSize = 4;
        options.Layers = 1;
        options.Epochs = 2;
        options.BatchSize = 16;
        options.LearningRate = 0.01;
        options.Seed = 1;
        options.Device = ComputeDevice.Cpu;
        configure?.Invoke(options);
        return DetectorRegistry.CreateEstimator(ml.Transforms, options);
    }
}

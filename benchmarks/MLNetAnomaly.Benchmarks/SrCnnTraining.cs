using MLNetAnomaly.Core.Scoring;
using System.Globalization;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Metrics;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Training;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// Makes the SR-CNN network shipped in the library (src/MLNetAnomaly/Resources/srcnn-default.weights) and measures
/// it against plain spectral residual on held-back synthetic series. Everything is seeded, so the file is
/// reproducible: 400 training series of 1,000 points (seed 1), two injection draws each, 6 epochs, learning rate
/// 0.001; 100 held-back series (seed 2) with their own injections.
/// </summary>
internal static class SrCnnTraining
{
    private const int Window = 64;

    internal static void Run(string output)
    {
        if (File.Exists(output) && Environment.GetEnvironmentVariable("MLNA_EVALUATE_ONLY") == "1")
        {
            using var shipped = SaliencyCnnModel.Create(Window, loadDefault: false);
            using (var reader = new BinaryReader(File.OpenRead(output)))
            {
                TorchWeights.ReadDigested(reader, shipped, "SR-CNN");
            }

            shipped.eval();
            Evaluate(shipped);
            return;
        }

        var windows = new SaliencyWindows(Window, 5, 5, 3);
        var training = Enumerable.Range(0, 400).Select(_ => SyntheticAnomalies.Series(TrainingRandom, 1000)).ToList();
        var (maps, labels) = SaliencyCnnTrainer.Examples(training, windows, copies: 2, TrainingRandom);
        Console.WriteLine($"Training on {labels.Length:N0} saliency maps ({labels.Count(l => l > 0):N0} anomalous) from 400 synthetic series");
        using var network = SaliencyCnnModel.Create(Window, loadDefault: false);
        SaliencyCnnTrainer.Train(network, maps, labels, Window, epochs: 6, learningRate: 1e-3, seed: 1);
        using (var file = new BinaryWriter(File.Create(output)))
        {
            TorchWeights.WriteDigested(file, network);
        }

        Console.WriteLine($"Weights written to {output} ({new FileInfo(output).Length:N0} bytes)");
        Evaluate(network);
    }

    /// <summary>
    /// Picks each detector's threshold on validation series (seed 3: SR's raw score, SR-CNN's probability, by best
    /// F1), then compares them on the held-back series (seed 2) at those thresholds and as rankings.
    /// </summary>
    internal static void Evaluate(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> network)
    {
        var cnn = new SaliencyCnnDetector(network, new SpectralResidualSettings(Window, 5, 5, 3, 1, 0.5));
        var validation = Scores(cnn, new Random(3), 50);
        var truth = validation.Select(a => a.Label).ToArray();
        var srThreshold = DetectionMetrics.BestF1(truth, validation.Select(a => a.Sr).ToArray()).Threshold;
        var cnnThreshold = DetectionMetrics.BestF1(truth, validation.Select(a => a.Cnn).ToArray()).Threshold;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Thresholds chosen on 50 validation series (seed 3): sr {0:G4}, sr-cnn {1:G4}", srThreshold, cnnThreshold));
        Compare(cnn, srThreshold, cnnThreshold);
    }

    /// <summary>Held-back comparison: SR-CNN's probability against SR's raw score, as rankings and at the chosen thresholds.</summary>
    private static void Compare(SaliencyCnnDetector cnn, double srThreshold, double cnnThreshold)
    {
        var all = Scores(cnn, new Random(2), 100);
        var truth = all.Select(a => a.Label).ToArray();
        Console.WriteLine("Held-back: 100 synthetic series of 1,000 points (seed 2), 2% injected anomalies, points from the 64th on");
        Console.WriteLine("| detector | AUC-PR | best F1 over thresholds | F1 at the validation threshold |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, scores, threshold) in new[]
        {
            ("sr (raw score)", all.Select(a => a.Sr).ToArray(), srThreshold),
            ("sr-cnn (probability)", all.Select(a => a.Cnn).ToArray(), cnnThreshold),
        })
        {
            var pointwise = DetectionMetrics.PointWise(truth, scores.Select(x => x >= threshold).ToArray());
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F3} | {2:F3} | {3:F3} |", name, DetectionMetrics.AucPr(truth, scores), DetectionMetrics.BestF1(truth, scores).F1, pointwise.F1));
        }
    }

    private static List<(double Sr, double Cnn, bool Label)> Scores(SaliencyCnnDetector cnn, Random random, int count)
    {
        // The SR of the documented table: the rule before parity with ML.NET (robust extension, signed score), as SR-CNN's maps use it.
        var sr = new SpectralResidualDetector(new SpectralResidualSettings(Window, 5, 5, 3, 21, 3, Legacy: true));
        var all = new List<(double Sr, double Cnn, bool Label)>();
        for (var s = 0; s < count; s++)
        {
            var series = SyntheticAnomalies.Series(random, 1000);
            var labels = SyntheticAnomalies.Inject(random, series, SaliencyCnnTrainer.InjectionRate);
            var srOut = new Core.Scoring.DetectorOutput[series.Length];
            var cnnOut = new Core.Scoring.DetectorOutput[series.Length];
            using (var session = sr.CreateSession(ScoringMode.Batch))
            {
                session.Score(series, srOut, Span<float>.Empty);
            }

            using (var session = cnn.CreateSession(ScoringMode.Batch))
            {
                session.Score(series, cnnOut, Span<float>.Empty);
            }

            for (var i = Window - 1; i < series.Length; i++)
            {
                all.Add((srOut[i].Score, cnnOut[i].Score, labels[i]));
            }
        }

        return all;
    }


    private static readonly Random TrainingRandom = new(1);
}

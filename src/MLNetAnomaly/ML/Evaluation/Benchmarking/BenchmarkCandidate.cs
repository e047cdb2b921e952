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
    /// <summary>The candidates of every detector family the library ships, at benchmark settings.</summary>
    internal static IReadOnlyList<BenchmarkCandidate> All(int seed) => new[]
    {
        new BenchmarkCandidate(
            "lstm",
            "LSTM forecaster: window 32, hidden 32, 1 layer, 15 epochs, learning rate 0.005, batch 64",
            (ml, input, output) => ml.Transforms.DetectAnomalyByLstm(new LstmDetectorOptions
            {
                InputColumnName = input,
                OutputColumnName = output,
                WindowSize = 32,
                HiddenSize = 32,
                Layers = 1,
                Epochs = 15,
                LearningRate = 0.005,
                BatchSize = 64,
                Seed = seed,
                Device = ComputeDevice.Cpu,
            })),
    };
}

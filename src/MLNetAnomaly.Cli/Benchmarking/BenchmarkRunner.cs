using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Metrics.Nab;
using MLNetAnomaly.Evaluation;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Cli.Benchmarking;

/// <summary>How a benchmark runs.</summary>
/// <param name="TrainFraction">
/// Share of each series, from its start, a detector is fitted on, for corpora other than NAB. On NAB, detectors are
/// fitted on NAB's probationary rows, min(⌊15% of rows⌋, 750), as NAB's rules require.
/// </param>
/// <param name="Seed">Seed of every fit.</param>
/// <param name="VusMaxBuffer">Largest buffer width of VUS-PR.</param>
/// <param name="Scoring">Transform, or a streaming engine with or without carried recurrent state.</param>
/// <param name="Vector">
/// Give multivariate detectors (the deep ones) a multivariate series as one vector of its channels, instead of one run
/// per channel as the univariate detectors get (docs/benchmarks.md compares the two on SKAB).
/// </param>
internal sealed record BenchmarkOptions(double TrainFraction = 0.15, int Seed = 1, int VusMaxBuffer = MLNetAnomaly.Evaluation.DetectionEvaluation.DefaultVusMaxBuffer, BenchmarkScoring Scoring = BenchmarkScoring.Transform, bool Vector = false);

/// <summary>How the benchmark scores each series after fitting.</summary>
internal enum BenchmarkScoring
{
    /// <summary>The detector's Transform over the whole series.</summary>
    Transform = 0,

    /// <summary>A streaming engine, one point per call.</summary>
    Engine = 1,

    /// <summary>A streaming engine carrying the recurrent state (recurrent forecasters; others as Engine).</summary>
    CarriedState = 2,
}

/// <summary>What one detector did on one series.</summary>
/// <param name="Detector">The candidate's name.</param>
/// <param name="Series">The series.</param>
/// <param name="Scores">The score of every row (warm-up and missing rows 0); empty when the run failed.</param>
/// <param name="Alerts">The alert of every row.</param>
/// <param name="TrainRows">Rows the detector was fitted on.</param>
/// <param name="Fit">Time spent fitting (all channels).</param>
/// <param name="Scoring">Time spent scoring (all channels).</param>
/// <param name="Report">Metrics over the rows after the training part; null when the run failed.</param>
/// <param name="Error">Why the run failed, or null.</param>
internal sealed record SeriesOutcome(string Detector, BenchmarkSeries Series, double[] Scores, bool[] Alerts, int TrainRows, TimeSpan Fit, TimeSpan Scoring, DetectionReport? Report, string? Error);

/// <summary>Progress of a benchmark: runs done out of total, and the run just finished.</summary>
internal sealed record BenchmarkProgress(int Done, int Total, string Detector, string Series);

/// <summary>
/// Runs detectors over a corpus under NAB's protocol: each detector is fitted on the first part of a series only
/// (NAB's probationary rows on NAB, else the train fraction), then scores the whole series in time order; no labels
/// are used. On a multivariate series a detector runs on each channel, and the row's score is the largest channel score
/// and it alerts when any channel does; with <see cref="BenchmarkOptions.Vector"/>, a multivariate detector (the deep
/// ones) gets the vector of the channels instead. A run that throws (any exception, native ones surfaced by
/// TorchSharp included) is recorded with its message and the benchmark goes on; with a run log, each run is written
/// as it ends and runs already in the log are not run again.
/// </summary>
internal static class BenchmarkRunner
{
    private sealed class VectorRow
    {
        public float[] Values { get; set; } = Array.Empty<float>();
    }

    private sealed class Row
    {
        public float Value { get; set; }
    }

    /// <summary>Runs every candidate on every series, in order; progress names the run about to start.</summary>
    internal static IReadOnlyList<SeriesOutcome> Run(IReadOnlyList<BenchmarkSeries> corpus, IReadOnlyList<BenchmarkCandidate> candidates, BenchmarkOptions options, IProgress<BenchmarkProgress>? progress = null, CancellationToken cancellation = default, BenchmarkRunLog? log = null)
    {
        var outcomes = new List<SeriesOutcome>();
        var total = corpus.Count * candidates.Count;
        foreach (var candidate in candidates)
        {
            foreach (var series in corpus)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new BenchmarkProgress(outcomes.Count, total, candidate.Name, series.Name));
                var outcome = log?.Find(candidate, series, options);
                if (outcome is null)
                {
                    outcome = RunOne(candidate, series, options);
                    log?.Append(candidate, outcome, options);
                }

                outcomes.Add(outcome);
            }
        }

        progress?.Report(new BenchmarkProgress(outcomes.Count, total, string.Empty, string.Empty));
        return outcomes;
    }

    /// <summary>
    /// Rows a detector is fitted on: the corpus' own training part when it gives one (a train file, UCR's training
    /// length), NAB's probationary rows on NAB, else the train fraction (at least 1).
    /// </summary>
    internal static int TrainRows(BenchmarkSeries series, BenchmarkOptions options)
        => Math.Max(1, series.TrainingRows ?? (series.NabWindows is not null ? NabScorer.ProbationaryRows(series.Length) : (int)Math.Floor(options.TrainFraction * series.Length)));

    /// <summary>Whether <paramref name="candidate"/> gets <paramref name="series"/> as one vector of its channels.</summary>
    internal static bool UsesVector(BenchmarkCandidate candidate, BenchmarkSeries series, BenchmarkOptions options)
        => candidate.Multivariate && options.Vector && series.Channels.Count > 1;

    /// <summary>The metrics of a run's scores and alerts over the rows after its training part.</summary>
    internal static DetectionReport Report(BenchmarkSeries series, int trainRows, double[] scores, bool[] alerts, BenchmarkOptions options)
        => MLNetAnomaly.Evaluation.DetectionEvaluation.Evaluate(series.Labels[trainRows..], scores[trainRows..], alerts[trainRows..], options.VusMaxBuffer);

    private static SeriesOutcome RunOne(BenchmarkCandidate candidate, BenchmarkSeries series, BenchmarkOptions options)
    {
        var trainRows = TrainRows(series, options);
        var scores = new double[series.Length];
        var alerts = new bool[series.Length];
        var fit = TimeSpan.Zero;
        var scoring = TimeSpan.Zero;
        try
        {
            if (UsesVector(candidate, series, options))
            {
                (fit, scoring) = RunOnVector(candidate, series, options, trainRows, scores, alerts);
            }

            foreach (var channel in UsesVector(candidate, series, options) ? Array.Empty<float[]>() : series.Channels)
            {
                var ml = new MLContext(seed: options.Seed);
                var data = ml.Data.LoadFromEnumerable(channel.Select(v => new Row { Value = v }).ToList());
                var clock = Stopwatch.StartNew();
                var model = candidate.Create(ml, nameof(Row.Value), "Prediction").Fit(ml.Data.TakeRows(data, trainRows));
                fit += clock.Elapsed;
                clock.Restart();
                if (options.Scoring == BenchmarkScoring.Transform)
                {
                    ScoreByTransform(model.Transform(data), scores, alerts);
                }
                else
                {
                    ScoreByEngine(ml, model, channel, options.Scoring == BenchmarkScoring.CarriedState, scores, alerts);
                }

                scoring += clock.Elapsed;
                (model as IDisposable)?.Dispose();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Any failure of one run, native errors surfaced by TorchSharp included, is recorded and the benchmark goes on.
            return new SeriesOutcome(candidate.Name, series, Array.Empty<double>(), Array.Empty<bool>(), trainRows, fit, scoring, null, $"{exception.GetType().Name}: {exception.Message}");
        }

        return new SeriesOutcome(candidate.Name, series, scores, alerts, trainRows, fit, scoring, Report(series, trainRows, scores, alerts, options), null);
    }

    /// <summary>Fits and scores the series as one vector of its channels; returns the fitting and scoring times.</summary>
    private static (TimeSpan Fit, TimeSpan Scoring) RunOnVector(BenchmarkCandidate candidate, BenchmarkSeries series, BenchmarkOptions options, int trainRows, double[] scores, bool[] alerts)
    {
        var ml = new MLContext(seed: options.Seed);
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Values)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, series.Channels.Count);
        var rows = Enumerable.Range(0, series.Length).Select(i => new VectorRow { Values = series.Channels.Select(c => c[i]).ToArray() }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var clock = Stopwatch.StartNew();
        var model = candidate.Create(ml, nameof(VectorRow.Values), "Prediction").Fit(ml.Data.TakeRows(data, trainRows));
        var fit = clock.Elapsed;
        clock.Restart();
        if (options.Scoring == BenchmarkScoring.Transform)
        {
            ScoreByTransform(model.Transform(data), scores, alerts);
        }
        else
        {
            using var engine = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = options.Scoring == BenchmarkScoring.CarriedState });
            for (var i = 0; i < rows.Count; i++)
            {
                var prediction = engine.Predict(rows[i].Values);
                scores[i] = double.IsNaN(prediction.Score) ? 0 : prediction.Score;
                alerts[i] = prediction.Alert;
            }
        }

        var scoring = clock.Elapsed;
        (model as IDisposable)?.Dispose();
        return (fit, scoring);
    }

    /// <summary>Takes each row's score and alert from a transformed view (a multivariate series keeps the channels' maximum).</summary>
    private static void ScoreByTransform(IDataView scored, double[] scores, bool[] alerts)
    {
        using var cursor = scored.GetRowCursor(new[] { scored.Schema["Prediction"] });
        var getter = cursor.GetGetter<VBuffer<double>>(scored.Schema["Prediction"]);
        var buffer = default(VBuffer<double>);
        for (var i = 0; cursor.MoveNext(); i++)
        {
            getter(ref buffer);
            var values = buffer.GetValues();
            scores[i] = Math.Max(scores[i], double.IsNaN(values[1]) ? 0 : values[1]);
            alerts[i] |= values[0] > 0;
        }
    }

    /// <summary>The same through a streaming engine, one point per call.</summary>
    private static void ScoreByEngine(MLContext ml, ITransformer model, float[] channel, bool carry, double[] scores, bool[] alerts)
    {
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model, new StreamingEngineOptions { CarryRecurrentState = carry });
        for (var i = 0; i < channel.Length; i++)
        {
            var prediction = engine.Predict(channel[i]);
            scores[i] = Math.Max(scores[i], double.IsNaN(prediction.Score) ? 0 : prediction.Score);
            alerts[i] |= prediction.Alert;
        }
    }
}

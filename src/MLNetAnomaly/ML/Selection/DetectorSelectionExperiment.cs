using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Metrics;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.ML.Selection;

namespace MLNetAnomaly;

/// <summary>
/// Chooses a detector and its hyperparameters for one series (docs/selection.md). The series is split in time:
/// every trial fits on the first part and is judged on the rest. With a label column, by the chosen metric on the
/// labelled rows; without, by how well it finds anomalies injected into copies of the held-out part (spikes, level
/// shifts, noise bursts, flat lines), in the manner of Goswami et al., ICLR 2023. The best configuration is then
/// refitted on the whole series.
/// </summary>
public sealed class DetectorSelectionExperiment
{
    private const int InjectedCopies = 3;
    private readonly DetectorSelectionOptions _options;

    internal DetectorSelectionExperiment(DetectorSelectionOptions options)
    {
        _options = options;
    }

    private sealed class Row
    {
        public float Value { get; set; }
    }

    /// <summary>Runs trials until the budget is spent or <paramref name="cancellationToken"/> fires, then refits the best.</summary>
    /// <param name="trainData">The series, in time order, with the input column (and the label column, if set).</param>
    /// <param name="progress">Told of each trial as it ends.</param>
    /// <param name="cancellationToken">Stops the search between trials; the best trial so far is still returned.</param>
    /// <returns>The best model and the leaderboard.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before any trial ended.</exception>
    public DetectorSelectionResult Run(IDataView trainData, IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var options = _options;
        InputColumn.Require(trainData.Schema, options.InputColumnName, 1, nameof(trainData));
        var (values, _) = InputColumn.ReadForFit(trainData, options.InputColumnName, nameof(trainData), 100, "100 rows to split into fitting and validation parts");
        var split = (int)Math.Floor(values.Length * (1 - options.ValidationFraction));
        var judge = options.LabelColumnName is { } label ? Labelled(trainData, label, values, split) : Injected(values, split);

        var ml = new MLContext(options.Seed);
        var fitPart = ml.Data.LoadFromEnumerable(values[..split].Select(v => new Row { Value = v }).ToList());
        var clock = Stopwatch.StartNew();
        var maxTrials = options.MaxTrials ?? (options.MaxTime is null ? DetectorSelectionOptions.DefaultMaxTrials : int.MaxValue);
        var results = new List<(TrialResult Result, SelectionTrial Trial)>();
        foreach (var trial in SelectionSearchSpace.Ordered(options.Detectors, options.Seed))
        {
            if (results.Count >= maxTrials || (options.MaxTime is { } limit && clock.Elapsed >= limit) || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var result = RunTrial(ml, trial, results.Count + 1, fitPart, judge);
            results.Add((result, trial));
            progress?.Report(result);
        }

        var ranked = results.OrderByDescending(r => double.IsNaN(r.Result.Metric) ? double.NegativeInfinity : r.Result.Metric).ThenBy(r => r.Result.Number).ToList();
        if (ranked.Count == 0 || ranked[0].Result.Error is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("No trial succeeded: " + string.Join("; ", results.Select(r => r.Result.ToString())));
        }

        var best = ranked[0];
        var model = options.EnsembleSize == 1 && !options.CalibrateScores
            ? best.Trial.Create(ml, options.InputColumnName, options.OutputColumnName).Fit(trainData)
            : Ensemble(ml, ranked.Where(r => r.Result.Error is null).Take(options.EnsembleSize).Select(r => r.Trial).ToList(), trainData, values);
        return new DetectorSelectionResult(model, best.Result, ranked.Select(r => r.Result).ToList(), cancellationToken.IsCancellationRequested);
    }

    /// <summary>Refits the chosen trials on the whole series and combines them with calibrated scores.</summary>
    private DetectorEnsembleTransformer Ensemble(MLContext ml, IReadOnlyList<SelectionTrial> trials, IDataView trainData, float[] values)
    {
        var members = new List<(SequentialDetectorTransformer Member, Core.Scoring.RankKind Rank)>();
        try
        {
            foreach (var trial in trials)
            {
                var fitted = trial.Create(ml, _options.InputColumnName, _options.OutputColumnName).Fit(trainData) as SequentialDetectorTransformer
                    ?? throw new InvalidOperationException($"{trial.Detector} is not a detector that can join an ensemble.");
                members.Add((fitted, trial.Rank));
            }

            return DetectorEnsembleTransformer.Create(_options.InputColumnName, _options.OutputColumnName, members, values);
        }
        catch
        {
            foreach (var (member, _) in members)
            {
                member.Dispose();
            }

            throw;
        }
    }

    private TrialResult RunTrial(MLContext ml, SelectionTrial trial, int number, IDataView fitPart, Func<ITransformer, SelectionTrial, MLContext, Dictionary<string, double>> judge)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var model = trial.Create(ml, "Value", "Prediction").Fit(fitPart);
            try
            {
                var details = judge(model, trial, ml);
                return new TrialResult(number, trial.Detector, trial.Settings, details["metric"], details, clock.Elapsed, null);
            }
            finally
            {
                (model as IDisposable)?.Dispose();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            return new TrialResult(number, trial.Detector, trial.Settings, double.NaN, new Dictionary<string, double>(), clock.Elapsed, exception.Message);
        }
    }

    /// <summary>Judges a fitted trial by the label column over the validation rows.</summary>
    private Func<ITransformer, SelectionTrial, MLContext, Dictionary<string, double>> Labelled(IDataView data, string labelColumn, float[] values, int split)
    {
        var labels = ReadLabels(data, labelColumn);
        return (model, trial, ml) =>
        {
            var (ranks, alerts) = Score(model, trial, ml, values);
            var truth = labels[split..];
            var eventF1 = DetectionMetrics.EventWise(truth, alerts[split..]).F1;
            var vus = VolumeUnderSurface.PrecisionRecall(truth, ranks[split..], DetectionEvaluation.DefaultVusMaxBuffer);
            return new Dictionary<string, double>
            {
                ["metric"] = _options.Metric == SelectionMetric.VusPr ? vus : eventF1,
                ["event F1"] = eventF1,
                ["VUS-PR"] = vus,
            };
        };
    }

    /// <summary>Judges a fitted trial by the anomalies injected into copies of the validation rows.</summary>
    private Func<ITransformer, SelectionTrial, MLContext, Dictionary<string, double>> Injected(float[] values, int split)
    {
        var random = new Random(_options.Seed);
        var count = Math.Max(4, (values.Length - split) / 50);
        var copies = Enumerable.Range(0, InjectedCopies).Select(_ =>
        {
            var copy = (float[])values.Clone();
            var labels = SyntheticAnomalies.InjectMixed(random, copy, split, count);
            return (Values: copy, Labels: labels);
        }).ToList();
        return (model, trial, ml) =>
        {
            double aucPr = 0, bestF1 = 0;
            foreach (var (copy, labels) in copies)
            {
                var (ranks, _) = Score(model, trial, ml, copy);
                aucPr += DetectionMetrics.AucPr(labels[split..], ranks[split..]) / copies.Count;
                bestF1 += DetectionMetrics.BestF1(labels[split..], ranks[split..]).F1 / copies.Count;
            }

            return new Dictionary<string, double> { ["metric"] = (aucPr + bestF1) / 2, ["injected AUC-PR"] = aucPr, ["injected best F1"] = bestF1 };
        };
    }

    private static (double[] Ranks, bool[] Alerts) Score(ITransformer model, SelectionTrial trial, MLContext ml, float[] values)
    {
        var scored = model.Transform(ml.Data.LoadFromEnumerable(values.Select(v => new Row { Value = v }).ToList()));
        var ranks = new double[values.Length];
        var alerts = new bool[values.Length];
        using var cursor = scored.GetRowCursor(new[] { scored.Schema["Prediction"] });
        var getter = cursor.GetGetter<VBuffer<double>>(scored.Schema["Prediction"]);
        var buffer = default(VBuffer<double>);
        var prediction = new double[3];
        var row = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            buffer.CopyTo(prediction);
            ranks[row] = trial.RankOf(prediction);
            alerts[row] = prediction[0] > 0;
            row++;
        }

        return (ranks, alerts);
    }

    private static bool[] ReadLabels(IDataView data, string name)
    {
        var column = data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(DetectorSelectionOptions.LabelColumnName), name, $"Label column '{name}' was not found.");
        var labels = new List<bool>();
        using var cursor = data.GetRowCursor(new[] { column });
        Func<bool> read = column.Type switch
        {
            BooleanDataViewType => Getter<bool, bool>(cursor, column, v => v),
            NumberDataViewType t when t == NumberDataViewType.Single => Getter<float, bool>(cursor, column, v => v > 0.5f),
            NumberDataViewType t when t == NumberDataViewType.Double => Getter<double, bool>(cursor, column, v => v > 0.5),
            _ => throw new ArgumentOutOfRangeException(nameof(DetectorSelectionOptions.LabelColumnName), name, $"Label column '{name}' must be Boolean, Single or Double; it is {column.Type}."),
        };
        while (cursor.MoveNext())
        {
            labels.Add(read());
        }

        return labels.ToArray();
    }

    private static Func<TOut> Getter<TIn, TOut>(DataViewRow row, DataViewSchema.Column column, Func<TIn, TOut> map)
    {
        var getter = row.GetGetter<TIn>(column);
        return () =>
        {
            TIn value = default!;
            getter(ref value);
            return map(value);
        };
    }
}

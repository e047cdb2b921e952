using System.Diagnostics;
using Microsoft.ML;
using MLNetAnomaly.Core.Selection;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.Selection;
using MLNetAnomaly.Torch;

namespace MLNetAnomaly.Selection;

/// <summary>
/// Chooses a detector and its hyperparameters for one series (docs/selection.md). The series is split in time:
/// every trial fits on the first part and is judged on the rest. With a label column, by the chosen metric on the
/// labelled rows; without, in the manner of Goswami et al., ICLR 2023: by how well it finds anomalies of several kinds
/// injected into copies of the held-out part and by how much it agrees with the other trials, the measures combined
/// by a robust rank aggregation. Deep trials go through successive halving over epochs. The best configuration is
/// then refitted on the whole series.
/// </summary>
public sealed class DetectorSelectionExperiment
{
    /// <summary>Successive halving keeps a third of the deep trials, and first trains each for a third of its epochs.</summary>
    private const int Halving = 3;

    /// <summary>With a time budget and successive halving, the first rung may use this share of it; promotions the rest.</summary>
    private const double FirstRungShare = 2.0 / 3;

    private readonly DetectorSelectionOptions _options;

    internal DetectorSelectionExperiment(DetectorSelectionOptions options)
    {
        _options = options;
    }

    /// <summary>Runs trials until the budget is spent or <paramref name="cancellationToken"/> fires, then refits the best.</summary>
    /// <param name="trainData">The series, in time order, with the input column (and the label column, if set).</param>
    /// <param name="progress">
    /// Told of each trial as it ends (and again when successive halving has trained a promoted trial in full); with
    /// parallel trials, from the threads that ran them, one report at a time.
    /// </param>
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
        TrialScorer scorer = options.LabelColumnName is { } label
            ? new LabelledTrialScorer(trainData, label, values, split, options.Metric)
            : new InjectedTrialScorer(values, split, options.Seed);

        var ml = new MLContext(options.Seed);
        var clock = Stopwatch.StartNew();
        bool Within(double share) => options.MaxTime is not { } limit || clock.Elapsed < limit * share;

        var maxTrials = options.MaxTrials ?? (options.MaxTime is null ? DetectorSelectionOptions.DefaultMaxTrials : int.MaxValue);
        var halving = options.SuccessiveHalving;
        var attempts = SelectionSearchSpace.Ordered(options.Detectors, options.Seed, options.Candidates.ToList())
            .Take(maxTrials)
            .Select((trial, i) => new TrialAttempt(i + 1, trial, halving && trial.Epochs > 0 ? Math.Max(1, trial.Epochs / Halving) : trial.Epochs))
            .ToList();
        var runner = new TrialRunner(scorer, values[..split], options.Seed, options.MaxParallelTrials, progress, cancellationToken);
        List<TrialOutcome> outcomes;
        // Only networks use libtorch's threads; a selection among classical detectors leaves them alone.
        using (TorchThreads.Share(attempts.Any(a => a.Epochs > 0) ? options.MaxParallelTrials : 1))
        {
            outcomes = runner.Run(attempts, () => Within(halving ? FirstRungShare : 1));
            if (halving)
            {
                Promote(runner, outcomes, () => Within(1));
            }
        }

        var ranked = Rank(outcomes, scorer);
        if (ranked.Count == 0 || ranked[0].Result.Error is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("No trial succeeded: " + string.Join("; ", outcomes.Select(o => o.Result.ToString())));
        }

        var best = ranked[0];
        var model = options.EnsembleSize == 1
            ? best.Trial.Create(ml, options.InputColumnName, options.OutputColumnName).Fit(trainData)
            : Ensemble(ml, ranked.Where(r => r.Result.Error is null && r.Trial.CanJoinEnsemble).Take(options.EnsembleSize).Select(r => r.Trial).ToList(), trainData);
        return new DetectorSelectionResult(model, best.Result, ranked.Select(r => r.Result).ToList(), cancellationToken.IsCancellationRequested);
    }

    /// <summary>
    /// Successive halving's second rung: the best third (at least one) of the deep trials that trained a part of their
    /// epochs train in full, and their full results replace the partial ones.
    /// </summary>
    private static void Promote(TrialRunner runner, List<TrialOutcome> outcomes, Func<bool> canStart)
    {
        var partial = outcomes
            .Where(o => o.Attempt.Epochs < o.Attempt.Trial.Epochs && o.Measurement is not null)
            .OrderByDescending(o => o.Measurement!.Primary)
            .ThenBy(o => o.Attempt.Number)
            .ToList();
        var promoted = partial.Take((partial.Count + Halving - 1) / Halving).Select(o => o.Attempt with { Epochs = o.Attempt.Trial.Epochs }).ToList();
        foreach (var full in runner.Run(promoted, canStart))
        {
            var index = outcomes.FindIndex(o => o.Attempt.Number == full.Attempt.Number);
            if (full.Measurement is not null)
            {
                var first = outcomes[index];
                var result = full.Result.WithMetric(full.Result.Metric, new Dictionary<string, double> { ["first-rung metric"] = first.Result.Metric });
                outcomes[index] = full with { Result = result.WithDuration(first.Result.Duration + full.Result.Duration) };
            }
        }
    }

    /// <summary>
    /// Ranks the trials, best first (failed trials last). With labels, by the metric. Without, by the robust consensus
    /// of every measure (<see cref="RobustBorda"/>): the injected measures and centrality (<see cref="RankAgreement"/>).
    /// </summary>
    private static List<(TrialResult Result, SelectionTrial Trial)> Rank(List<TrialOutcome> outcomes, TrialScorer scorer)
    {
        var results = outcomes.Select(o => (o.Result, o.Attempt.Trial)).ToList();
        var succeeded = outcomes.Select((o, i) => (o, i)).Where(x => x.o.Measurement is not null).ToList();
        if (scorer.MeasureNames.Count > 0 && succeeded.Count > 0)
        {
            var centrality = RankAgreement.Centrality(succeeded.Select(x => x.o.Measurement!.CleanRanks).ToList());
            var measures = scorer.MeasureNames.Select((_, m) => succeeded.Select(x => x.o.Measurement!.Measures[m]).ToArray()).Append(centrality).ToList();
            var (consensus, kept) = RobustBorda.Aggregate(measures);
            var names = scorer.MeasureNames.Append("centrality").ToList();
            for (var k = 0; k < succeeded.Count; k++)
            {
                var details = new Dictionary<string, double> { ["centrality"] = centrality[k], ["consensus"] = consensus[k], ["measures kept"] = kept.Count(x => x) };
                var (outcome, index) = succeeded[k];
                results[index] = (outcome.Result.WithMetric(consensus[k], details), outcome.Attempt.Trial);
            }
        }

        return results
            .OrderByDescending(r => double.IsNaN(r.Result.Metric) ? double.NegativeInfinity : r.Result.Metric)
            .ThenBy(r => r.Result.Number)
            .ToList();
    }

    /// <summary>Refits the chosen trials on the whole series and averages their scores.</summary>
    private DetectorEnsembleTransformer Ensemble(MLContext ml, IReadOnlyList<SelectionTrial> trials, IDataView trainData)
    {
        if (trials.Count == 0)
        {
            throw new InvalidOperationException("No trial of the library's own detectors succeeded, so no ensemble can be made; set EnsembleSize = 1 to use a candidate of your own.");
        }

        var members = new List<SequentialDetectorTransformer>();
        try
        {
            foreach (var trial in trials)
            {
                var fitted = trial.Create(ml, _options.InputColumnName, _options.OutputColumnName).Fit(trainData) as SequentialDetectorTransformer
                    ?? throw new InvalidOperationException($"{trial.Detector} is not a detector that can join an ensemble.");
                members.Add(fitted);
            }

            return DetectorEnsembleTransformer.Create(_options.InputColumnName, _options.OutputColumnName, members);
        }
        catch
        {
            foreach (var member in members)
            {
                member.Dispose();
            }

            throw;
        }
    }
}

using System.Diagnostics;
using Microsoft.ML;
using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Core.Selection;
using MLNetAnomaly.ML.Detectors;
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
    /// <summary>Rows below which detectors are not compared (<see cref="Fallback"/>).</summary>
    internal const int MinimumRows = 100;

    /// <summary>Successive halving keeps a third of the deep trials, and first trains each for a third of its epochs.</summary>
    private const int Halving = 3;

    /// <summary>With a time budget and successive halving, the first rung may use this share of it; promotions the rest.</summary>
    private const double FirstRungShare = 2.0 / 3;

    private readonly DetectorSelectionOptions _options;

    internal DetectorSelectionExperiment(DetectorSelectionOptions options)
    {
        _options = options;
    }

    /// <summary>
    /// Runs trials until the budget is spent or <paramref name="cancellationToken"/> fires, then refits the best on the
    /// whole series. <c>MaxTime</c> is a deadline: a trial still training when it passes stops within one training
    /// batch, and so does the refit; when the refit cannot finish in time (or after a cancellation) the best trial's
    /// own model, fitted on the fitting part of the series, is returned instead
    /// (<see cref="DetectorSelectionResult.RefittedOnWholeSeries"/> is then false).
    /// </summary>
    /// <param name="trainData">The series, in time order, with the input column (and the label column, if set).</param>
    /// <param name="progress">
    /// Told of each trial as it ends (and again when successive halving has trained a promoted trial in full); with
    /// parallel trials, from the threads that ran them, one report at a time.
    /// </param>
    /// <param name="cancellationToken">
    /// Stops the search, and any training in progress, within one training batch; the best trial so far is still
    /// returned, with the model it fitted.
    /// </param>
    /// <returns>The best model and the leaderboard.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before any trial ended.</exception>
    public DetectorSelectionResult Run(IDataView trainData, IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var options = _options;
        InputColumn.Require(trainData.Schema, options.InputColumnName, 1, nameof(trainData));
        var (read, _) = InputColumn.ReadForFit(trainData, options.InputColumnName, nameof(trainData), 1, "one row", allowMissing: true);
        if (read.Length < MinimumRows)
        {
            return Fallback(trainData, $"The series has {read.Length} rows, too few to fit detectors on one part and judge them on the rest (at least {MinimumRows} are needed)", cancellationToken);
        }

        // Trials fit and are judged on the series with its gaps carried forward; the final refit gets the series as it
        // is, and each detector treats its gaps as missing rows.
        var values = GapFilling.CarryForward(read, 1)?.Filled
            ?? throw new ArgumentException($"Input column '{options.InputColumnName}' has no finite value.", nameof(trainData));

        var split = (int)Math.Floor(values.Length * (1 - options.ValidationFraction));
        TrialScorer scorer = options.LabelColumnName is { } label
            ? new LabelledTrialScorer(trainData, label, values, split, options.Metric)
            : new InjectedTrialScorer(values, split, options.Seed);

        var ml = new MLContext(options.Seed);
        var clock = Stopwatch.StartNew();
        bool Within(double share) => options.MaxTime is not { } limit || clock.Elapsed < limit * share;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadline = options.MaxTime is { } maxTime ? SelectionDeadline.Start(stop, maxTime) : null;

        // Trials are fitted with the selection's own column names, so the best one can stand in for the refit.
        scorer.Columns = (options.InputColumnName, options.OutputColumnName);

        var maxTrials = options.MaxTrials ?? (options.MaxTime is null ? DetectorSelectionOptions.DefaultMaxTrials : int.MaxValue);
        var halving = options.SuccessiveHalving;
        var attempts = SelectionSearchSpace.Ordered(options.Detectors, options.Seed, options.Candidates.ToList())
            .Take(maxTrials)
            .Select((trial, i) => new TrialAttempt(i + 1, trial, halving && trial.Epochs > 0 ? Math.Max(1, trial.Epochs / Halving) : trial.Epochs))
            .ToList();
        var runner = new TrialRunner(scorer, values[..split], options.Seed, options.MaxParallelTrials, progress, stop.Token);
        List<TrialOutcome> outcomes;
        // Only networks use libtorch's threads; a selection among classical detectors leaves them alone.
        using (TorchThreads.Share(attempts.Any(a => a.Epochs > 0) ? options.MaxParallelTrials : 1))
        {
            // The first trial starts even when the budget is gone already (a very short MaxTime, a loaded machine).
            cancellationToken.ThrowIfCancellationRequested();
            outcomes = runner.Run(attempts, () => Within(halving ? FirstRungShare : 1), startFirst: true);
            if (halving)
            {
                Promote(runner, outcomes, () => Within(1));
            }
        }

        var models = outcomes.Where(o => o.Model is not null).ToDictionary(o => o.Attempt.Number, o => o.Model!);
        ITransformer? returned = null;
        try
        {
            var ranked = Rank(outcomes, scorer);
            if (ranked.Count == 0 || ranked[0].Result.Error is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (options.MaxTime is { } budget && outcomes.All(o => o.Result.Error == TrialRunner.Stopped))
                {
                    return Fallback(trainData, $"The time budget (MaxTime = {budget}) ran out before any trial finished", cancellationToken);
                }

                throw new InvalidOperationException("No trial succeeded: " + string.Join("; ", outcomes.Select(o => o.Result.ToString())));
            }

            var best = ranked[0];
            var chosen = options.EnsembleSize == 1
                ? new[] { best }.ToList()
                : ranked.Where(r => r.Result.Error is null && r.Trial.CanJoinEnsemble).Take(options.EnsembleSize).ToList();
            var refitted = false;
            if (!stop.IsCancellationRequested)
            {
                try
                {
                    returned = Refit(ml, chosen.Select(r => r.Trial).ToList(), trainData, stop.Token);
                    refitted = true;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The deadline or a cancellation came during the refit: the trials' own models stand in.
                }
            }

            returned ??= FromTrials(chosen.Select(r => models[r.Result.Number]).ToList());
            return new DetectorSelectionResult(returned, best.Result, ranked.Select(r => r.Result).ToList(), cancellationToken.IsCancellationRequested, refitted);
        }
        finally
        {
            // Every trial model that is not part of what is returned holds a network: release it.
            var kept = returned is DetectorEnsembleTransformer ensemble ? ensemble.Members.Cast<ITransformer>().ToHashSet() : new HashSet<ITransformer> { returned! };
            foreach (var model in models.Values.Where(m => !kept.Contains(m)))
            {
                (model as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>
    /// The result when detectors cannot be compared: a series of fewer than <see cref="MinimumRows"/> rows (too short to
    /// fit on one part and judge on the rest), or a budget that ran out before any trial finished. IID spike with the
    /// chain, the library's detector that needs no training, is fitted on all the rows (so such series are still
    /// scored, as the classical detectors score them); the leaderboard holds that one unjudged trial (metric NaN), and
    /// <see cref="DetectorSelectionResult.Fallback"/> says why.
    /// </summary>
    private DetectorSelectionResult Fallback(IDataView trainData, string why, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var trial = DetectorKinds.Find("iid-spike").Trials(_options.Seed).First();
        var model = trial.Create(new MLContext(_options.Seed), _options.InputColumnName, _options.OutputColumnName, CancellationToken.None).Fit(trainData);
        var result = new TrialResult(1, trial.Detector, trial.Settings, double.NaN, new Dictionary<string, double>(), clock.Elapsed, null);
        return new DetectorSelectionResult(model, result, new[] { result }, false, true, $"{why}; {trial.Detector} ({trial.Settings}), which needs no training, was fitted on the whole series instead.");
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
                (first.Model as IDisposable)?.Dispose();
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

    /// <summary>
    /// Refits the chosen trials on the whole series: the one best trial's detector, or an ensemble averaging the
    /// chosen trials' scores. Training stops when <paramref name="cancellation"/> fires.
    /// </summary>
    private ITransformer Refit(MLContext ml, IReadOnlyList<SelectionTrial> trials, IDataView trainData, CancellationToken cancellation)
    {
        if (trials.Count == 0)
        {
            throw new InvalidOperationException("No trial of the library's own detectors succeeded, so no ensemble can be made; set EnsembleSize = 1 to use a candidate of your own.");
        }

        if (_options.EnsembleSize == 1)
        {
            return trials[0].Create(ml, _options.InputColumnName, _options.OutputColumnName, cancellation).Fit(trainData);
        }

        var members = new List<SequentialDetectorTransformer>();
        try
        {
            foreach (var trial in trials)
            {
                var fitted = trial.Create(ml, _options.InputColumnName, _options.OutputColumnName, cancellation).Fit(trainData) as SequentialDetectorTransformer
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

    /// <summary>The chosen trials' own models (fitted on the fitting part): the one model, or their ensemble.</summary>
    private ITransformer FromTrials(IReadOnlyList<ITransformer> models)
    {
        if (models.Count == 0)
        {
            throw new InvalidOperationException("No trial of the library's own detectors succeeded, so no ensemble can be made; set EnsembleSize = 1 to use a candidate of your own.");
        }

        return _options.EnsembleSize == 1
            ? models[0]
            : DetectorEnsembleTransformer.Create(_options.InputColumnName, _options.OutputColumnName, models.Cast<SequentialDetectorTransformer>().ToList());
    }
}

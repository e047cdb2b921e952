using MLNetAnomaly.ML.Detectors;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MLNetAnomaly.Cli.Benchmarking;
using Spectre.Console;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>
/// <c>bench</c>: runs detectors over a labelled corpus (NAB, or a folder of labelled CSV files) under NAB's protocol
/// and writes a leaderboard as Markdown and JSON.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    internal static Command Create()
    {
        var corpus = new Option<DirectoryInfo?>("--corpus", "-c")
        {
            Description = "NAB folder (with data/ and labels/), or a folder of CSV files with timestamp, value column(s) and a 0/1 label column (train/ and test/ folders pair by file name; a training-rows.csv with file,training_rows gives files their training length). Default: shared/data/nab found above the current folder.",
        };
        var detectors = new Option<string?>("--detectors", "-d") { Description = $"Comma-separated detector names. Default: every deep and classical one ({string.Join(", ", DefaultNames())}); also selection: {string.Join(", ", SelectionNames())}." };
        var trainFraction = new Option<double>("--train-fraction") { Description = "Share of each series, from its start, detectors are fitted on, unless the series gives its own training part (a train file, training-rows.csv, a UCR file name).", DefaultValueFactory = _ => 0.15 };
        var seed = new Option<int>("--seed") { Description = "Seed of every fit.", DefaultValueFactory = _ => 1 };
        var calibration = new Option<ScoreCalibration?>("--calibration") { Description = "Post-processing: how raw scores become p-values: Static, Adaptive or Likelihood (default: the library's default)." };
        var filter = new Option<bool?>("--likelihood-filter") { Description = "Post-processing: Numenta's filter of runs of very low likelihoods, true or false (default: the library's default)." };
        var averaging = new Option<int?>("--likelihood-averaging") { Description = "Post-processing: raw scores in the likelihood's moving average (default: the library's default)." };
        var range = new Option<bool?>("--range-rule") { Description = "Post-processing: the range rule, true or false (default: the library's default)." };
        var refractory = new Option<int?>("--refractory") { Description = "Post-processing: rows without alert after an alert; 0 turns it off (default: the library's default, the detector's window)." };
        var threshold = new Option<AlertThreshold?>("--threshold") { Description = "Post-processing: how alerts are decided: PValue, Contamination, Spot or Score (default: the library's default)." };
        var scoring = new Option<BenchmarkScoring>("--scoring")
        {
            Description = "How series are scored after fitting: Transform (default), Engine (a streaming engine, one point per call) or CarriedState (an engine carrying the recurrent state; recurrent detectors get a \"+carried\" suffix).",
            DefaultValueFactory = _ => BenchmarkScoring.Transform,
        };
        var onlineInterval = new Option<int?>("--online-interval") { Description = "Deep detectors learn while scoring, updating every N scored rows (default: the library's default, off)." };
        var onlineSteps = new Option<int?>("--online-steps") { Description = "Learning while scoring: optimiser steps per update (default: the library's)." };
        var onlineWindows = new Option<int?>("--online-windows") { Description = "Learning while scoring: newest windows per step (default: the library's)." };
        var onlineRate = new Option<double?>("--online-rate") { Description = "Learning while scoring: learning rate (default: the fitting one)." };
        var combine = new Option<string[]>("--combine") { Description = "Also score ensembles of detectors that ran, from their runs: rule(a+b+...), rule mean (the library's ensemble) or max. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var window = new Option<string?>("--window") { Description = "Deep detectors' window: a number of rows, or auto (chosen from each series' training part, the library's default; writes windows.md). Default 32, the benchmark's fixed setting." };
        var horizon = new Option<int?>("--horizon") { Description = "Forecasters' ForecastHorizon: rows each window forecasts, each row judged by every forecast made for it (default 1)." };
        var limit = new Option<int?>("--limit") { Description = "Only the first N series (for a quick look)." };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for leaderboard.md and leaderboard.json.", DefaultValueFactory = _ => new DirectoryInfo("bench-results") };
        var command = new Command("bench", "Run detectors over a labelled corpus (fit on NAB's probationary rows on NAB, else on the train fraction; score it all causally) and write a leaderboard. Every detector goes through the same post-processing chain; runs are logged to runs.jsonl in the output folder as they end, and a rerun with the same settings resumes from it.")
        {
            corpus, detectors, trainFraction, seed, calibration, averaging, filter, range, refractory, threshold, scoring, onlineInterval, onlineSteps, onlineWindows, onlineRate, combine, window, horizon, limit, output,
        };
        var threads = CommandRunner.ThreadsOption();
        command.Options.Add(threads);
        var vector = new Option<bool>("--vector") { Description = "On files with several value columns, give the deep detectors the vector of all columns (one network for all) instead of one run per column, the default (docs/benchmarks.md compares the two on SKAB)." };
        command.Options.Add(vector);
        var timeOrder = TimeOrderOption.Create();
        timeOrder.Description += " NAB's own files are always taken in their order, as NAB's scorer takes them.";
        command.Options.Add(timeOrder);

        CommandRunner.SetBody(command, result =>
        {
            CommandRunner.ApplyThreads(result, threads);
            var folder = result.GetValue(corpus)?.FullName ?? FindSharedNab()
                ?? throw new CliException("No corpus given and no shared/data/nab found above the current folder; pass --corpus.");
            var fraction = result.GetValue(trainFraction);
            if (!(fraction > 0 && fraction < 1))
            {
                throw new CliException($"--train-fraction must be in (0, 1); it was {fraction.ToString(CultureInfo.InvariantCulture)}.");
            }

            var (chain, suffix) = Chain(result.GetValue(calibration), result.GetValue(averaging), result.GetValue(filter), result.GetValue(range), result.GetValue(refractory), result.GetValue(threshold));
            var (online, onlineSuffix) = Online(result.GetValue(onlineInterval), result.GetValue(onlineSteps), result.GetValue(onlineWindows), result.GetValue(onlineRate));
            var (windowSize, windowSuffix) = Window(result.GetValue(window));
            var forecastHorizon = result.GetValue(horizon) ?? 1;
            if (forecastHorizon < 1 || forecastHorizon > 1000)
            {
                throw new CliException($"--horizon must be from 1 to 1000 rows; it was {forecastHorizon}.");
            }

            var horizonSuffix = forecastHorizon == 1 ? string.Empty : "+horizon" + forecastHorizon.ToString(CultureInfo.InvariantCulture);
            var candidates = SelectCandidates(result.GetValue(detectors), result.GetValue(seed), chain, suffix, online, onlineSuffix + horizonSuffix, windowSize, windowSuffix, forecastHorizon);
            var (series, isNab) = BenchmarkCorpus.Load(folder, TimeOrderOption.Value(result, timeOrder));
            if (result.GetValue(limit) is { } count)
            {
                series = series.Take(count).ToList();
            }

            var options = new BenchmarkOptions(fraction, result.GetValue(seed), Scoring: result.GetValue(scoring), Vector: result.GetValue(vector));
            var ownTraining = series.Count(s => s.TrainingRows is not null);
            if (ownTraining > 0)
            {
                Console.WriteLine($"{ownTraining} of {series.Count} series give their own training part (a train file, the corpus' training-rows.csv, or UCR's training length in the file name); detectors are fitted on it instead of --train-fraction.");
            }

            var multivariate = series.Count(s => s.Channels.Count > 1);
            if (multivariate > 0)
            {
                Console.WriteLine($"{multivariate} series have several value columns: {(options.Vector ? "the deep detectors take them as one vector, the classical ones run on each column" : "every detector runs on each column (--vector gives the deep detectors the vector)")}; runs on each column keep a row's highest score.");
            }

            if (options.Scoring == BenchmarkScoring.CarriedState)
            {
                var carrying = DetectorKinds.All.Where(k => k.Deep?.CarriesState == true).Select(k => k.Name).ToHashSet();
                candidates = candidates.Select(c => carrying.Contains(c.Name) ? c with { Name = c.Name + "+carried" } : c).ToList();
            }

            var outputFolder = result.GetValue(output)!.FullName;
            if (windowSize is null)
            {
                WindowReport.Write(Path.Combine(outputFolder, "windows.md"), series, options);
            }

            var log = BenchmarkRunLog.Open(Path.Combine(outputFolder, "runs.jsonl"));
            if (log.Count > 0)
            {
                Console.WriteLine($"Resuming: {log.Count} run(s) logged in {Path.Combine(outputFolder, "runs.jsonl")}; runs with the same settings are taken from there.");
            }

            var clock = Stopwatch.StartNew();
            IReadOnlyList<SeriesOutcome> outcomes = Array.Empty<SeriesOutcome>();
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"{candidates.Count} detector(s) x {series.Count} series", maxValue: candidates.Count * series.Count);
                    outcomes = BenchmarkRunner.Run(series, candidates, options, new SynchronousProgress<BenchmarkProgress>(p =>
                    {
                        task.Value = p.Done;
                        task.Description = p.Detector.Length == 0 ? "done" : Markup.Escape($"{p.Detector}: {p.Series}");
                    }), log: log);
                });

            foreach (var combination in result.GetValue(combine) ?? Array.Empty<string>())
            {
                outcomes = outcomes.Concat(ScoreCombination.Combine(outcomes, combination, options)).ToList();
            }

            var rows = Leaderboard.Build(outcomes);
            var corpusName = isNab ? "NAB" : Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar));
            var markdown = Leaderboard.Write(outputFolder, rows, corpusName, series.Count, candidates, options, clock.Elapsed);
            Console.WriteLine(markdown);
            foreach (var failure in outcomes.Where(o => o.Error is not null))
            {
                Console.WriteLine($"{failure.Detector} could not run on {failure.Series.Name}: {failure.Error}");
            }

            Console.WriteLine($"{outcomes.Count} runs in {clock.Elapsed.TotalMinutes:F1} min; leaderboard written to {outputFolder}");
        });
        return command;
    }

    /// <summary>The chain the options describe (null: the library's default) and the name suffix that tells it apart.</summary>
    private static (PostProcessingOptions? Chain, string Suffix) Chain(ScoreCalibration? calibration, int? averaging, bool? filter, bool? range, int? refractory, AlertThreshold? threshold)
    {
        if (calibration is null && averaging is null && filter is null && range is null && refractory is null && threshold is null)
        {
            return (null, string.Empty);
        }

        var chain = new PostProcessingOptions();
        var suffix = string.Empty;
        if (calibration is { } c)
        {
            chain.Calibration = c;
            suffix += "+" + c.ToString().ToLowerInvariant();
        }

        if (averaging is { } a)
        {
            chain.LikelihoodAveraging = a;
            suffix += "+averaging" + a.ToString(CultureInfo.InvariantCulture);
        }

        if (filter is { } f)
        {
            chain.LikelihoodFilter = f;
            suffix += f ? "+filter" : "+nofilter";
        }

        if (range is { } r)
        {
            chain.RangeRule = r;
            suffix += r ? "+range" : "+norange";
        }

        if (refractory is { } rows)
        {
            chain.RefractoryPeriod = rows;
            suffix += "+refractory" + rows.ToString(CultureInfo.InvariantCulture);
        }

        if (threshold is { } t)
        {
            chain.Threshold = t;
            suffix += "+" + t.ToString().ToLowerInvariant();
        }

        try
        {
            chain.Validate();
        }
        catch (ArgumentException exception)
        {
            // The library's own check names the option (PostProcessing.RefractoryPeriod, ...) and its range.
            throw new CliException($"Post-processing option out of range: {exception.Message}");
        }

        return (chain, suffix);
    }

    /// <summary>Learning while scoring as the options describe it (null: the library's default) and its name suffix.</summary>
    private static (OnlineLearningOptions? Online, string Suffix) Online(int? interval, int? steps, int? windows, double? rate)
    {
        if (interval is null && steps is null && windows is null && rate is null)
        {
            return (null, string.Empty);
        }

        var online = new OnlineLearningOptions { Enabled = true, LearningRate = rate };
        online.UpdateInterval = interval ?? online.UpdateInterval;
        online.StepsPerUpdate = steps ?? online.StepsPerUpdate;
        online.RecentWindows = windows ?? online.RecentWindows;
        try
        {
            online.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new CliException($"Learning-while-scoring option out of range: {exception.Message}");
        }

        var suffix = FormattableString.Invariant($"+online{online.UpdateInterval}x{online.StepsPerUpdate}w{online.RecentWindows}") + (rate is { } r ? FormattableString.Invariant($"r{r}") : string.Empty);
        return (online, suffix);
    }

    /// <summary>The deep detectors' window (null: chosen from each series) and its name suffix ("" for the fixed 32).</summary>
    private static (int? Window, string Suffix) Window(string? text)
    {
        if (text is null)
        {
            return (BenchmarkCandidate.FixedWindow, string.Empty);
        }

        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "+autowindow");
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows >= 2)
        {
            return (rows, rows == BenchmarkCandidate.FixedWindow ? string.Empty : "+window" + rows.ToString(CultureInfo.InvariantCulture));
        }

        throw new CliException($"--window takes a number of rows (at least 2) or auto; it was '{text}'.");
    }

    private static IEnumerable<string> DefaultNames()
        => BenchmarkCandidate.All(1, null, string.Empty, null, null, 1).Concat(BenchmarkCandidate.Classical(null, string.Empty)).Select(c => c.Name);

    private static IEnumerable<string> SelectionNames()
        => SelectionCandidates(1).Select(c => c.Name);

    private static IEnumerable<BenchmarkCandidate> SelectionCandidates(int seed) => new[]
    {
        BenchmarkCandidate.Selection(seed, 1),
        BenchmarkCandidate.Selection(seed, 3),
        BenchmarkCandidate.Selection(seed, 5),
        BenchmarkCandidate.Selection(seed, 1, trials: 16),
        BenchmarkCandidate.Selection(seed, 1, deepOnly: true),
    };

    private static IReadOnlyList<BenchmarkCandidate> SelectCandidates(string? names, int seed, PostProcessingOptions? chain, string suffix, OnlineLearningOptions? online, string onlineSuffix, int? window, string windowSuffix, int horizon)
    {
        var all = BenchmarkCandidate.All(seed, chain, suffix + onlineSuffix + windowSuffix, online, window, horizon).Concat(BenchmarkCandidate.Classical(chain, suffix)).ToList();
        if (string.IsNullOrWhiteSpace(names))
        {
            return all;
        }

        all.AddRange(SelectionCandidates(seed));

        return names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => all.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || c.Name.StartsWith(name + "+", StringComparison.OrdinalIgnoreCase))
                ?? throw new CliException($"Unknown detector '{name}'. Available: {string.Join(", ", all.Select(c => c.Name))}."))
            .ToList();
    }

    private static string? FindSharedNab()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "nab");
            if (Directory.Exists(Path.Combine(candidate, "labels")))
            {
                return candidate;
            }
        }

        return null;
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Cli.Data;
using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Selection;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>
/// <c>detect FILE</c>: fits a detector on the first part of a series, scores the whole series causally, prints the
/// strongest anomalies and writes every score to a CSV file.
/// </summary>
internal static class DetectCommand
{

    /// <summary>
    /// The series as rows of a timestamp and a vector of the channels, for a deep detector's vector input. The vector's
    /// slot names are the CSV columns, so a saved model tells <c>score</c> which columns to read.
    /// </summary>
    private static IDataView VectorData(MLContext ml, SeriesPoint[] points, float[][] channels, string[] channelNames)
    {
        var schema = SchemaDefinition.Create(typeof(VectorSeriesPoint));
        var column = schema[nameof(VectorSeriesPoint.Values)];
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, channels.Length);
        column.AddAnnotation(
            "SlotNames",
            new VBuffer<ReadOnlyMemory<char>>(channelNames.Length, channelNames.Select(n => n.AsMemory()).ToArray()),
            new VectorDataViewType(TextDataViewType.Instance, channelNames.Length));
        return ml.Data.LoadFromEnumerable(points.Select((p, i) => new VectorSeriesPoint { Timestamp = p.Timestamp, Values = channels.Select(c => c[i]).ToArray() }).ToList(), schema);
    }

    private static readonly IReadOnlyList<string> Names = DetectorRegistry.AllDetectorNames.Append("sr-batch").Append("auto").ToArray();

    /// <summary>Builds the command.</summary>
    internal static Command Create()
    {
        var defaults = new LstmDetectorOptions();
        var file = new Argument<FileInfo>("file") { Description = "CSV file with a header, a timestamp column and a value column." };
        var detector = new Option<string>("--detector", "-d") { Description = $"Detector to use: {string.Join(", ", Names)}.", DefaultValueFactory = _ => "lstm" };
        var timestampColumn = new Option<string>("--timestamp-column") { Description = "Name of the timestamp column.", DefaultValueFactory = _ => "timestamp" };
        var valueColumn = new Option<string>("--value-column") { Description = "Name of the value column.", DefaultValueFactory = _ => "value" };
        var valueColumns = new Option<string?>("--value-columns") { Description = "Several value columns, comma-separated, modelled together as one vector by a deep detector (lstm, gru, rnn, cnn, autoencoder, lstm-autoencoder). The scores file's value column holds the first; the others follow among the input's columns." };
        var trainFraction = new Option<double>("--train-fraction") { Description = "Share of the series, from its start, used to fit the detector (0 to 1).", DefaultValueFactory = _ => 0.3 };
        var window = new Option<int?>("--window", "-w") { Description = $"Window size: past values used to judge each value (default for the deep detectors: chosen from the training part, its period or else {defaults.WindowSize}; 64 for sr; for ssa-spike and ssa-changepoint the SSA window, ML.NET's seasonality window, default {SsaDetectorOptions.SsaDefaults.SeasonalityWindowSize})." };
        var srThreshold = new Option<double>("--sr-threshold") { Description = "sr and sr-batch: alert where the score (|S - mean S| / mean S / 10, as in ML.NET), clamped to [0, 1], exceeds it, 0 to 1 (ML.NET's default 0.3); sr-batch also clears points within 1.5 standard deviations of the mean, as ML.NET's.", DefaultValueFactory = _ => 0.3 };
        var history = new Option<int>("--pvalue-history") { Description = "iid-spike and ssa-spike: earlier values (forecast errors for ssa-spike) each p-value is computed against.", DefaultValueFactory = _ => 100 };
        var horizon = new Option<int?>("--horizon") { Description = "lstm, gru, rnn and cnn: rows each window forecasts; each row is judged by every forecast made for it (default 1, the next-step error)." };
        var changeHistory = new Option<int>("--change-history") { Description = "iid-changepoint and ssa-changepoint: earlier values (forecast errors for ssa-changepoint) each p-value is computed against, and p-values its martingale bets on (confidence 95, power martingale, as ML.NET's defaults).", DefaultValueFactory = _ => IidChangePointDetectorOptions.Defaults.ChangeHistoryLength };
        var hidden = new Option<int>("--hidden") { Description = "Units per network layer.", DefaultValueFactory = _ => defaults.HiddenSize };
        var layers = new Option<int>("--layers") { Description = "Stacked network layers.", DefaultValueFactory = _ => defaults.Layers };
        var epochs = new Option<int>("--epochs") { Description = "Training passes.", DefaultValueFactory = _ => defaults.Epochs };
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam's learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var confidence = new Option<double>("--confidence") { Description = "Confidence in percent, for --threshold PValue: alerts where p-value < 1 - confidence/100.", DefaultValueFactory = _ => defaults.PostProcessing.Confidence };
        var threshold = new Option<AlertThreshold>("--threshold") { Description = "How alerts are decided: PValue (with --confidence), Contamination (with --contamination), Spot (with --spot-risk) or Score (a score of 0.5 or more, p-value 1e-5 or less).", DefaultValueFactory = _ => defaults.PostProcessing.Threshold };
        var contamination = new Option<double>("--contamination") { Description = "Contamination threshold: share of training points that would alert.", DefaultValueFactory = _ => defaults.PostProcessing.ContaminationRate };
        var spotRisk = new Option<double>("--spot-risk") { Description = "SPOT threshold: probability that a normal point exceeds it.", DefaultValueFactory = _ => defaults.PostProcessing.SpotRisk };
        var calibration = new Option<ScoreCalibration>("--calibration") { Description = "How raw scores become p-values: Likelihood (Numenta's anomaly likelihood), Adaptive or Static.", DefaultValueFactory = _ => defaults.PostProcessing.Calibration };
        var chain = new Option<bool>("--chain") { Description = "iid-spike, iid-changepoint, ssa-spike, ssa-changepoint and sr: send their raw scores through the post-processing chain (--calibration, --threshold, ...) instead of keeping ML.NET's output and alerts." };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default: the library's fixed seed, so runs repeat)." };
        var top = new Option<int>("--top") { Description = "How many of the strongest anomalies to print.", DefaultValueFactory = _ => 10 };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Scores CSV to write (default: FILE's name with .scores.csv, in the current folder)." };
        var plot = new Option<string?>("--plot") { Description = "Also draw the scores as a PNG: to the path given, or next to the scores CSV (see the plot command).", Arity = ArgumentArity.ZeroOrOne };
        var saveModel = new Option<FileInfo?>("--save-model") { Description = "Also save the fitted model (an ML.NET zip) to this path." };

        var command = new Command("detect", "Fit a detector on the start of a series, score all of it, print the top anomalies and write a scores CSV.")
        {
            file, detector, history, srThreshold, timestampColumn, valueColumn, trainFraction, window, horizon, changeHistory, hidden, layers, epochs, learningRate, confidence, threshold, contamination, spotRisk, calibration, chain, seed, top, output, plot, saveModel,
        };
        var threads = CommandRunner.ThreadsOption();
        command.Options.Add(threads);
        var timeOrder = TimeOrderOption.Create();
        command.Options.Add(timeOrder);
        command.Options.Add(valueColumns);

        PostProcessingOptions PostProcessing(ParseResult result) => new()
        {
            Calibration = result.GetValue(calibration),
            Confidence = result.GetValue(confidence),
            Threshold = result.GetValue(threshold),
            ContaminationRate = result.GetValue(contamination),
            SpotRisk = result.GetValue(spotRisk),
        };

        CommandRunner.SetBody(command, result =>
        {
            CommandRunner.ApplyThreads(result, threads);
            var name = result.GetValue(detector)!;
            if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CliException($"Unknown detector '{name}'. Available: {string.Join(", ", Names)}.");
            }

            if (name.Equals("sr-batch", StringComparison.OrdinalIgnoreCase) && result.GetValue(saveModel) is not null)
            {
                throw new CliException("sr-batch scores the whole series at once and fits no model: --save-model does not apply (sr is its streaming form, with a model).");
            }

            var fraction = result.GetValue(trainFraction);
            if (!(fraction > 0 && fraction <= 1))
            {
                throw new CliException($"--train-fraction must be in (0, 1]; it was {fraction.ToString(CultureInfo.InvariantCulture)}.");
            }

            var input = result.GetValue(file)!;

            // Every output is checked before any work: a folder, or the input itself, is refused now, not after minutes.
            var scoresPath = result.GetValue(output)?.FullName ?? Path.GetFileNameWithoutExtension(input.Name) + ".scores.csv";
            SafeFile.CheckOutput(scoresPath, "--output", input.FullName);
            var plotPath = result.GetResult(plot) is null ? null : result.GetValue(plot) ?? Path.ChangeExtension(scoresPath, ".png");
            if (plotPath is not null)
            {
                if (!plotPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                {
                    throw new CliException($"--plot takes the path of a .png file, or nothing; it was '{plotPath}' (put the input file before --plot).");
                }

                SafeFile.CheckOutput(plotPath, "--plot", input.FullName, scoresPath);
            }

            if (result.GetValue(saveModel) is { } modelPath)
            {
                SafeFile.CheckOutput(modelPath.FullName, "--save-model", input.FullName, scoresPath);
            }

            var table = CsvTable.Read(input.FullName);
            var timestamps = table.ColumnIndex(result.GetValue(timestampColumn)!);
            (table, _) = table.InTimeOrder(timestamps, TimeOrderOption.Value(result, timeOrder));
            var channelNames = result.GetValue(valueColumns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? new[] { result.GetValue(valueColumn)! };
            var channelIndices = channelNames.Select(table.ColumnIndex).ToArray();
            var channels = channelIndices.Select(table.NumericColumn).ToArray();
            var vector = channels.Length > 1;
            if (vector && !DetectorRegistry.DeepDetectorNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CliException($"--value-columns takes a deep detector ({string.Join(", ", DetectorRegistry.DeepDetectorNames)}), which models the columns together; {name} reads one column: use --value-column.");
            }

            var valueIndex = channelIndices[0];
            var values = channels[0];
            var points = new SeriesPoint[values.Length];
            for (var i = 0; i < points.Length; i++)
            {
                points[i] = new SeriesPoint { Timestamp = table.Rows[i][timestamps], Value = values[i] };
            }

            var ml = new MLContext(seed: result.GetValue(seed));
            var data = vector ? VectorData(ml, points, channels, channelNames.Select(n => table.Header[table.ColumnIndex(n)]).ToArray()) : ml.Data.LoadFromEnumerable(points);
            var trainRows = (int)Math.Round(points.Length * fraction);
            if (trainRows < 1)
            {
                throw new CliException($"--train-fraction {fraction.ToString(CultureInfo.InvariantCulture)} of {points.Length:N0} rows leaves no row to fit the detector on; raise it to at least {(1.0 / points.Length).ToString("G3", CultureInfo.InvariantCulture)}, or use a longer series.");
            }

            var deep = DetectorRegistry.DeepDetectorNames.Contains(name, StringComparer.OrdinalIgnoreCase);
            if (!deep && result.GetValue(horizon) is not null)
            {
                throw new CliException($"--horizon applies to the forecasters (lstm, gru, rnn, cnn); {name} does not forecast.");
            }
            ProgressTask? epochTask = null;
            var selectionTime = TimeSpan.Zero; // detect -d auto: the selection is the fit
            double? scoreThreshold = null; // drawn in the plot when the alert rule is a score threshold
            IEstimator<ITransformer> estimator;
            string rule;
            if (deep)
            {
                var options = DetectorRegistry.CreateOptions(name);
                options.InputColumnName = vector ? nameof(VectorSeriesPoint.Values) : nameof(SeriesPoint.Value);
                options.OutputColumnName = "Prediction";
                options.WindowSize = result.GetValue(window);
                options.HiddenSize = result.GetValue(hidden);
                if (result.GetValue(horizon) is { } rows)
                {
                    ((options as ForecastDetectorOptions) ?? throw new CliException($"--horizon applies to the forecasters (lstm, gru, rnn, cnn); {name} does not forecast.")).ForecastHorizon = rows;
                }

                options.Layers = result.GetValue(layers);
                options.Epochs = result.GetValue(epochs);
                options.LearningRate = result.GetValue(learningRate);
                options.PostProcessing = PostProcessing(result);
                scoreThreshold = options.PostProcessing.Threshold == AlertThreshold.Score ? options.PostProcessing.ScoreThreshold : null;
                options.ExpectedValueColumnName = vector ? null : "Expected"; // a vector's expected values are a vector
                options.Seed = result.GetValue(seed);
                options.TrainingProgress = new SynchronousProgress<TrainingProgress>(p =>
                {
                    if (epochTask is not null)
                    {
                        epochTask.Value = p.EpochsDone;
                        epochTask.Description = p.IsEpochEnd
                            ? string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}, loss {p.TrainingLoss:G3}")
                            : string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}, loss {p.TrainingLoss:G3}");
                    }
                });
                estimator = DetectorRegistry.CreateEstimator(ml.Transforms, options);
                rule = Rule(options.PostProcessing);
                Console.WriteLine($"Fitting {name} (window {(options.WindowSize is { } w ? w.ToString(CultureInfo.InvariantCulture) : "from the series")}, hidden {options.HiddenSize}, {options.Layers} layers, {options.Epochs} epochs) on the first {trainRows:N0} of {points.Length:N0} points of {input.Name}...");
            }
            else if (name.Equals("iid-spike", StringComparison.OrdinalIgnoreCase))
            {
                var chained = result.GetValue(chain) ? PostProcessing(result) : null;
                estimator = ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions
                {
                    OutputColumnName = "Prediction",
                    InputColumnName = nameof(SeriesPoint.Value),
                    Confidence = result.GetValue(confidence),
                    PValueHistoryLength = result.GetValue(history),
                    PostProcessing = chained,
                });
                rule = chained is null ? $"{result.GetValue(confidence).ToString(CultureInfo.InvariantCulture)}% confidence" : Rule(chained);
                Console.WriteLine($"Scoring {input.Name} ({points.Length:N0} points) with iid-spike (p-value history {result.GetValue(history)}); it needs no training.");
            }
            else if (name.Equals("iid-changepoint", StringComparison.OrdinalIgnoreCase))
            {
                var chained = result.GetValue(chain) ? PostProcessing(result) : null;
                estimator = ml.Transforms.DetectChangePointByIid(new IidChangePointDetectorOptions
                {
                    OutputColumnName = "Prediction",
                    InputColumnName = nameof(SeriesPoint.Value),
                    ChangeHistoryLength = result.GetValue(changeHistory),
                    PostProcessing = chained,
                });
                rule = chained is null ? "a martingale at or above the 95% confidence threshold" : Rule(chained);
                Console.WriteLine($"Scoring {input.Name} ({points.Length:N0} points) with iid-changepoint (change history {result.GetValue(changeHistory)}); it needs no training." +
                    (chained is null ? " The score column holds its martingale." : string.Empty));
            }
            else if (name.Equals("ssa-spike", StringComparison.OrdinalIgnoreCase) || name.Equals("ssa-changepoint", StringComparison.OrdinalIgnoreCase))
            {
                var chained = result.GetValue(chain) ? PostProcessing(result) : null;
                var seasonality = result.GetValue(window) ?? SsaDetectorOptions.SsaDefaults.SeasonalityWindowSize;
                var spike = name.Equals("ssa-spike", StringComparison.OrdinalIgnoreCase);
                estimator = spike
                    ? ml.Transforms.DetectAnomalyBySsaSpike(new SsaSpikeDetectorOptions
                    {
                        OutputColumnName = "Prediction",
                        InputColumnName = nameof(SeriesPoint.Value),
                        Confidence = result.GetValue(confidence),
                        PValueHistoryLength = result.GetValue(history),
                        SeasonalityWindowSize = seasonality,
                        TrainingWindowSize = trainRows,
                        PostProcessing = chained,
                    })
                    : ml.Transforms.DetectAnomalyBySsaChangePoint(new SsaChangePointDetectorOptions
                    {
                        OutputColumnName = "Prediction",
                        InputColumnName = nameof(SeriesPoint.Value),
                        ChangeHistoryLength = result.GetValue(changeHistory),
                        SeasonalityWindowSize = seasonality,
                        TrainingWindowSize = trainRows,
                        PostProcessing = chained,
                    });
                rule = chained is not null ? Rule(chained)
                    : spike ? $"{result.GetValue(confidence).ToString(CultureInfo.InvariantCulture)}% confidence"
                    : "a martingale at or above the 95% confidence threshold";
                Console.WriteLine($"Fitting {name} (seasonality window {seasonality}, {(spike ? $"p-value history {result.GetValue(history)}" : $"change history {result.GetValue(changeHistory)}")}) on the first {trainRows:N0} of {points.Length:N0} points of {input.Name}..." +
                    (chained is null && !spike ? " The score column holds its martingale." : string.Empty));
            }
            else if (name.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                var selectionClock = Stopwatch.StartNew();
                Console.WriteLine($"Selecting a detector on the first {trainRows:N0} of {points.Length:N0} points of {input.Name} without labels (12 trials, anomalies injected into the last 30% of that part)...");
                var selectionOptions = new DetectorSelectionOptions
                {
                    InputColumnName = nameof(SeriesPoint.Value),
                    OutputColumnName = "Prediction",
                    Seed = result.GetValue(seed) ?? 1,
                };
                var selection = SelectionProgressBar.Run(ml.AnomalyDetection.CreateDetectorSelection(selectionOptions), ml.Data.TakeRows(data, trainRows), selectionOptions);
                foreach (var trial in selection.Leaderboard)
                {
                    Console.WriteLine($"  {trial}");
                }

                var chosen = selection.Best;
                Console.WriteLine($"Chose {chosen.Detector} ({chosen.Settings}).");
                if (selection.Fallback is { } fallback)
                {
                    Console.WriteLine(fallback);
                }

                selectionTime = selectionClock.Elapsed;
                estimator = new SelectedModelEstimator(selection.BestModel);
                rule = "the chosen detector's own alert rule";
            }
            else if (name.Equals("srcnn", StringComparison.OrdinalIgnoreCase))
            {
                var chained = PostProcessing(result);
                estimator = ml.Transforms.DetectAnomalyBySpectralResidualCnn(new SpectralResidualCnnDetectorOptions { OutputColumnName = "Prediction", InputColumnName = nameof(SeriesPoint.Value), PostProcessing = chained });
                rule = Rule(chained);
                Console.WriteLine($"Scoring {input.Name} ({points.Length:N0} points) with srcnn (the shipped network; the post-processing is fitted on the first {trainRows:N0} points).");
            }
            else if (name.Equals("sr-batch", StringComparison.OrdinalIgnoreCase))
            {
                var batchClock = Stopwatch.StartNew();
                var batch = ml.AnomalyDetection.DetectEntireAnomalyBySpectralResidual(data, "Batch", nameof(SeriesPoint.Value), result.GetValue(srThreshold), batchSize: -1, detectMode: SpectralResidualBatchMode.AnomalyAndExpectedValue);
                var rows = ml.Data.CreateEnumerable<BatchScoredPoint>(batch, reuseRowObject: false).ToList();
                batchClock.Stop();
                var batchScored = rows.Select(r => new ScoredPoint { Timestamp = r.Timestamp, Value = r.Value, Prediction = r.Batch[..3] }).ToList();
                var batchOutput = scoresPath;
                ScoresFile.Write(batchOutput, batchScored, rows.Select(r => r.Batch[3]).ToList(), table, timestamps, valueIndex);
                Console.WriteLine($"Scored {input.Name} ({points.Length:N0} points) as one batch with sr-batch in {batchClock.Elapsed.TotalSeconds:F2} s; {batchScored.Count(p => p.Prediction[0] > 0):N0} anomalies at score above {result.GetValue(srThreshold).ToString(CultureInfo.InvariantCulture)}. The third column is the saliency magnitude.");
                Console.WriteLine();
                TopAnomalies.Print(batchScored, result.GetValue(top));
                Console.WriteLine();
                Console.WriteLine($"Scores written to {batchOutput}");
                if (plotPath is not null)
                {
                    Plotting.ScoresPlot.Write(batchOutput, plotPath, 1400, 700);
                    Console.WriteLine($"Plot written to {plotPath}");
                }

                return;
            }
            else if (!name.Equals("sr", StringComparison.OrdinalIgnoreCase))
            {
                // Any other detector kind of the library's table, at its default setting.
                var chained = PostProcessing(result);
                estimator = DetectorRegistry.CreateEstimator(ml.Transforms, name, "Prediction", nameof(SeriesPoint.Value), chained);
                rule = Rule(chained);
                Console.WriteLine($"Scoring {input.Name} ({points.Length:N0} points) with {name} at its default setting.");
            }
            else
            {
                var srWindow = result.GetValue(window) ?? 64;
                var chained = result.GetValue(chain) ? PostProcessing(result) : null;
                estimator = ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions
                {
                    OutputColumnName = "Prediction",
                    InputColumnName = nameof(SeriesPoint.Value),
                    WindowSize = srWindow,
                    Threshold = result.GetValue(srThreshold),
                    PostProcessing = chained,
                });
                rule = chained is null ? $"score above {result.GetValue(srThreshold).ToString(CultureInfo.InvariantCulture)}" : Rule(chained);
                Console.WriteLine($"Scoring {input.Name} ({points.Length:N0} points) with sr (window {srWindow}); it needs no training.");
            }

            var fitClock = Stopwatch.StartNew();
            SequentialDetectorTransformer? model = null;
            if (deep)
            {
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                    .Start(context =>
                    {
                        epochTask = context.AddTask("training", maxValue: result.GetValue(epochs));
                        model = (SequentialDetectorTransformer)estimator.Fit(ml.Data.TakeRows(data, trainRows));
                        epochTask.Value = epochTask.MaxValue;
                    });
            }
            else
            {
                model = (SequentialDetectorTransformer)estimator.Fit(ml.Data.TakeRows(data, trainRows));
            }

            fitClock.Stop();
            model = model ?? throw new InvalidOperationException("Fitting returned no model.");
            if (model is DeepDetectorTransformer { Options.WindowSize: { } chosenWindow } fitted && result.GetValue(window) is null)
            {
                Console.WriteLine($"Window {chosenWindow}: {fitted.WindowChoice}.");
            }

            var scoreClock = Stopwatch.StartNew();
            var transformed = model.Transform(data);
            List<ScoredPoint> scored;
            List<float>? expected = null;
            if (vector)
            {
                scored = ScoringProgressBar.Read(ml.Data.CreateEnumerable<VectorScoredPoint>(transformed, reuseRowObject: false), points.Length)
                    .Select((p, i) => new ScoredPoint { Timestamp = p.Timestamp, Value = values[i], Prediction = p.Prediction }).ToList();
            }
            else if (deep)
            {
                var withExpected = ScoringProgressBar.Read(ml.Data.CreateEnumerable<ScoredPointWithExpected>(transformed, reuseRowObject: false), points.Length);
                scored = withExpected.Select(p => p.ToScoredPoint()).ToList();
                expected = withExpected.Select(p => p.Expected).ToList();
            }
            else
            {
                scored = model.PredictionSize > 3
                    ? ScoringProgressBar.Read(ml.Data.CreateEnumerable<ChangePointScoredPoint>(transformed, reuseRowObject: false), points.Length).Select(p => p.ToScoredPoint()).ToList()
                    : ScoringProgressBar.Read(ml.Data.CreateEnumerable<ScoredPoint>(transformed, reuseRowObject: false), points.Length);
            }

            scoreClock.Stop();

            var outputPath = scoresPath;
            ScoresFile.Write(outputPath, scored, expected?.Select(e => (double)e).ToList(), table, timestamps, valueIndex);
            var alerts = scored.Count(s => s.Prediction[0] > 0);
            Console.WriteLine($"Fitted in {(fitClock.Elapsed + selectionTime).TotalSeconds:F1} s; scored {scored.Count:N0} points in {scoreClock.Elapsed.TotalSeconds:F2} s ({scored.Count / Math.Max(scoreClock.Elapsed.TotalSeconds, 1e-9):N0} points/s).");
            Console.WriteLine($"{alerts:N0} alerts at {rule}. The first {model.WarmUpLength} points are warm-up (score 0).");
            Console.WriteLine();
            TopAnomalies.Print(scored, result.GetValue(top));
            Console.WriteLine();
            Console.WriteLine($"Scores written to {outputPath}");
            if (plotPath is not null)
            {
                var png = plotPath;
                Plotting.ScoresPlot.Write(outputPath, png, 1400, 700, marks: new Plotting.ScoresPlot.Marks(trainRows, scoreThreshold, vector ? channelIndices.Skip(1).Select(i => table.Header[i]).ToArray() : null, vector ? table.Header[valueIndex] : "value"));
                Console.WriteLine($"Plot written to {png}");
            }

            if (result.GetValue(saveModel) is { } modelFile)
            {
                ml.Model.SaveDetectorModel(model, data.Schema, modelFile.FullName);
                Console.WriteLine($"Model saved to {modelFile.FullName}");
            }

            model.Dispose();
        });
        return command;
    }

    /// <summary>An estimator that returns a model already fitted (by selection), so the rest of detect treats it alike.</summary>
    private sealed class SelectedModelEstimator(ITransformer model) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => model;

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw new NotSupportedException();
    }

    private static string Rule(PostProcessingOptions chain) => chain.Threshold switch
    {
        AlertThreshold.Contamination => $"{chain.ContaminationRate.ToString(CultureInfo.InvariantCulture)} contamination",
        AlertThreshold.Spot => $"SPOT risk {chain.SpotRisk.ToString(CultureInfo.InvariantCulture)}",
        AlertThreshold.Score => $"score {chain.ScoreThreshold.ToString(CultureInfo.InvariantCulture)}",
        _ => $"{chain.Confidence.ToString(CultureInfo.InvariantCulture)}% confidence",
    };
}

using System.Globalization;
using System.Text.Json;
using MLNetAnomaly.Core.Metrics.Nab;
using MLNetAnomaly.Cli.Benchmarking;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli.Benchmarking;

public sealed class BenchmarkTests
{
    private static readonly BenchmarkCandidate Tiny = new("tiny-lstm", "tiny LSTM for tests", (ml, input, output) =>
    {
        var options = TinyLstm.Options(epochs: 10);
        options.PostProcessing = TestChains.PerRow();
        options.InputColumnName = input;
        options.OutputColumnName = output;
        return ml.Transforms.DetectAnomalyByLstm(options);
    });

    [Fact]
    public void LoadsALabelledCsvFolderWithSeveralChannels()
    {
        using var folder = new TemporaryFolder();
        WriteSeries(folder.File("valve_1.csv"), SyntheticSeries.NoisySine(50), spikeChannel: 1, spikes: new[] { 40 });
        Directory.CreateDirectory(folder.File("pumps"));
        WriteSeries(folder.File("pumps/p.csv"), SyntheticSeries.NoisySine(30), spikeChannel: 0, spikes: new[] { 20, 21 });

        var corpus = BenchmarkCorpus.LoadLabelledCsv(folder.Path);

        Assert.Equal(new[] { "pumps/p.csv", "valve_1.csv" }, corpus.Select(s => s.Name));
        Assert.Equal(new[] { "pumps", "valve" }, corpus.Select(s => s.Category));
        Assert.Equal(new[] { "a", "b" }, corpus[1].ChannelNames);
        Assert.Equal(50, corpus[1].Channels[1].Length);
        Assert.Equal(new[] { 40 }, Enumerable.Range(0, 50).Where(i => corpus[1].Labels[i]));
        Assert.Null(corpus[1].NabWindows);
    }

    [Fact]
    public void BadCorpusFilesAreNamed()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllLines(folder.File("x.csv"), new[] { "timestamp,value", "2020-01-01 00:00:00,1" });
        Assert.Contains("x.csv has no column 'label'", Assert.Throws<InvalidDataException>(() => BenchmarkCorpus.LoadLabelledCsv(folder.Path)).Message);

        File.WriteAllLines(folder.File("x.csv"), new[] { "timestamp,value,label", "2020-01-01 00:00:00,one,0" });
        Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => BenchmarkCorpus.LoadLabelledCsv(folder.Path)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => BenchmarkCorpus.LoadLabelledCsv(folder.File("missing")));
    }

    [Fact]
    public void RunsEachSeriesFittedOnItsStartAndFindsASpikeInAnyChannel()
    {
        using var folder = new TemporaryFolder();
        WriteSeries(folder.File("a_1.csv"), SyntheticSeries.NoisySine(500), spikeChannel: 1, spikes: new[] { 450 });
        WriteSeries(folder.File("a_short.csv"), SyntheticSeries.NoisySine(20), spikeChannel: 0, spikes: new[] { 15 }); // 0.6 x 20 = 12 rows < window 12 + 1
        var corpus = BenchmarkCorpus.LoadLabelledCsv(folder.Path);
        var progress = new List<BenchmarkProgress>();

        var outcomes = BenchmarkRunner.Run(corpus, new[] { Tiny }, new BenchmarkOptions(TrainFraction: 0.6), new Collector(progress));

        Assert.Equal(3, progress.Count); // before each run, then when all are done
        Assert.Equal(new[] { 0, 1, 2 }, progress.Select(p => p.Done));
        Assert.Equal("a_1.csv", progress[0].Series);
        var ran = outcomes.Single(o => o.Series.Name == "a_1.csv");
        Assert.Equal(300, ran.TrainRows);
        Assert.Equal(450, Array.IndexOf(ran.Scores, ran.Scores.Max()));
        Assert.True(ran.Alerts[450]);
        Assert.Equal(1.0, ran.Report!.EventRecall);
        var tooShort = outcomes.Single(o => o.Series.Name == "a_short.csv");
        Assert.Null(tooShort.Report);
        Assert.Contains("has 12 rows; at least 13 are needed", tooShort.Error);
    }

    [Fact]
    public void LeaderboardAggregatesPerDetectorAndCategoryWithNabScoresForNabSeries()
    {
        var start = new DateTime(2020, 1, 1);
        BenchmarkSeries Series(string name, int spike)
        {
            var values = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(400), 9, spike);
            var times = Enumerable.Range(0, 400).Select(i => start.AddMinutes(i)).ToArray();
            var window = (times[spike - 5], times[spike + 5]);
            var labels = Enumerable.Range(0, 400).Select(i => i >= spike - 5 && i <= spike + 5).ToArray();
            return new BenchmarkSeries(name, name[..name.IndexOf('/')], times, new[] { "value" }, new[] { values }, labels, new[] { window });
        }

        var corpus = new[] { Series("one/a.csv", 300), Series("two/b.csv", 350) };
        var outcomes = BenchmarkRunner.Run(corpus, new[] { Tiny }, new BenchmarkOptions());
        var rows = Leaderboard.Build(outcomes);

        Assert.Equal(new[] { "all", "one", "two" }, rows.Select(r => r.Scope));
        var expected = NabScorer.Score(outcomes.Select(o => new NabSeries(o.Series.Name, o.Series.Timestamps, o.Scores, o.Series.NabWindows!)).ToList(), NabProfile.Standard);
        Assert.Equal(expected.Normalized, rows[0].NabStandard);
        Assert.True(rows[0].NabStandard > 50, $"NAB standard {rows[0].NabStandard}");
        Assert.Equal(2, rows[0].Series);
        Assert.Equal(rows.Skip(1).Sum(r => r.FitSeconds), rows[0].FitSeconds, 9);

        var markdown = Leaderboard.ToMarkdown(rows);
        Assert.Contains("| tiny-lstm | all | 2 |", markdown);
        Assert.Contains("Per category:", markdown);
        using var json = JsonDocument.Parse(Leaderboard.ToJson(rows, new { corpus = "test" }));
        Assert.Equal(3, json.RootElement.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public void TheOracleTakesTheBestDetectorOnEachSeries()
    {
        // Detector "a" finds the anomaly of series one only, "b" that of series two only; "auto" would find both
        // but is a selection, not a single detector, so the oracle ignores it.
        var start = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 400).Select(i => start.AddMinutes(i)).ToArray();
        BenchmarkSeries Series(string name) => new(name, "c", times, new[] { "value" }, new[] { new float[400] },
            Enumerable.Range(0, 400).Select(i => i is >= 295 and <= 305).ToArray(), new[] { (times[295], times[305]) });
        SeriesOutcome Outcome(string detector, BenchmarkSeries series, bool finds)
        {
            var scores = Enumerable.Range(0, 400).Select(i => finds && i == 297 ? 1.0 : 0.0).ToArray();
            var alerts = scores.Select(v => v > 0).ToArray();
            var report = MLNetAnomaly.Evaluation.DetectionEvaluation.Evaluate(series.Labels[60..], scores[60..], alerts[60..]);
            return new SeriesOutcome(detector, series, scores, alerts, 60, TimeSpan.Zero, TimeSpan.Zero, report, null);
        }

        var one = Series("c/one.csv");
        var two = Series("c/two.csv");
        var outcomes = new[]
        {
            Outcome("a", one, true), Outcome("a", two, false),
            Outcome("b", one, false), Outcome("b", two, true),
            Outcome("auto", one, true), Outcome("auto", two, true),
        };

        var rows = Leaderboard.Build(outcomes);
        var oracle = rows.Single(r => r.Detector == Leaderboard.OracleName);
        var a = rows.Single(r => r.Detector == "a" && r.Scope == "all");
        var both = rows.Single(r => r.Detector == "auto" && r.Scope == "all");

        Assert.Equal(1.0, oracle.EventF1, 9);
        Assert.Equal(0.5, a.EventF1, 9);
        Assert.True(oracle.NabStandard > a.NabStandard + 10, $"oracle {oracle.NabStandard}, a {a.NabStandard}");
        Assert.Equal(both.NabStandard!.Value, oracle.NabStandard!.Value, 6);
        Assert.Null(Leaderboard.Oracle(outcomes.Where(o => o.Detector == "a").ToList()));
    }

    [Fact]
    public void TheOracleKeepsTheAutoencoderAndNamesADetectorThatFailedOnASeries()
    {
        var start = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 400).Select(i => start.AddMinutes(i)).ToArray();
        BenchmarkSeries Series(string name) => new(name, "c", times, new[] { "value" }, new[] { new float[400] },
            Enumerable.Range(0, 400).Select(i => i is >= 295 and <= 305).ToArray(), new[] { (times[295], times[305]) });
        SeriesOutcome Outcome(string detector, BenchmarkSeries series, bool finds, bool fails = false)
        {
            if (fails)
            {
                return new SeriesOutcome(detector, series, Array.Empty<double>(), Array.Empty<bool>(), 60, TimeSpan.Zero, TimeSpan.Zero, null, "ExternalException: native error");
            }

            var scores = Enumerable.Range(0, 400).Select(i => finds && i == 297 ? 1.0 : 0.0).ToArray();
            var alerts = scores.Select(v => v > 0).ToArray();
            return new SeriesOutcome(detector, series, scores, alerts, 60, TimeSpan.Zero, TimeSpan.Zero, MLNetAnomaly.Evaluation.DetectionEvaluation.Evaluate(series.Labels[60..], scores[60..], alerts[60..]), null);
        }

        var one = Series("c/one.csv");
        var two = Series("c/two.csv");
        var outcomes = new[]
        {
            Outcome("autoencoder", one, true), Outcome("autoencoder", two, false),
            Outcome("b", one, false), Outcome("b", two, true),
            Outcome("broken", one, true), Outcome("broken", two, true, fails: true),
            Outcome("auto-ensemble3", one, true), Outcome("auto-ensemble3", two, true),
        };

        var oracle = Leaderboard.Oracle(outcomes)!;

        Assert.Equal($"{Leaderboard.OracleName} (without broken: failed on a series)", oracle.Detector);
        Assert.Equal(1.0, oracle.EventF1, 9); // the autoencoder's series one and b's series two
        Assert.False(Leaderboard.IsSelection("autoencoder"));
        Assert.True(Leaderboard.IsSelection("auto"));
        Assert.True(Leaderboard.IsSelection("auto-16"));
    }

    [Fact]
    public void NabSeriesAreFittedOnTheirProbationaryRowsOnly()
    {
        var start = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 6000).Select(i => start.AddMinutes(i)).ToArray();
        var nab = new BenchmarkSeries("c/long.csv", "c", times, new[] { "value" }, new[] { new float[6000] }, new bool[6000], new[] { (times[5000], times[5010]) });
        var csv = nab with { Name = "c/plain.csv", NabWindows = null };

        Assert.Equal(750, BenchmarkRunner.TrainRows(nab, new BenchmarkOptions())); // min(floor(0.15 n), 750)
        Assert.Equal(900, BenchmarkRunner.TrainRows(csv, new BenchmarkOptions()));
        Assert.Equal(45, BenchmarkRunner.TrainRows(nab with { Timestamps = times[..300], Channels = new[] { new float[300] } }, new BenchmarkOptions()));
    }

    [Fact]
    public void ARunThatThrowsAnyExceptionIsRecordedAndTheBenchmarkGoesOn()
    {
        var failing = new BenchmarkCandidate("failing", "throws a non-argument exception", (_, _, _) => throw new InvalidOperationException("native failure stand-in"));
        var corpus = new[] { Spiked("a_1.csv", 300), Spiked("a_2.csv", 300) };

        var outcomes = BenchmarkRunner.Run(corpus, new[] { failing, Tiny }, new BenchmarkOptions(TrainFraction: 0.6));

        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes.Where(o => o.Detector == "failing"), o => Assert.Equal("InvalidOperationException: native failure stand-in", o.Error));
        Assert.All(outcomes.Where(o => o.Detector == "tiny-lstm"), o => Assert.NotNull(o.Report));
        var rows = Leaderboard.Build(outcomes);
        Assert.Equal(2, rows.Single(r => r.Detector == "failing" && r.Scope == "all").Failures);
    }

    [Fact]
    public void ALoggedBenchmarkResumesWithoutRunningFinishedRunsAgain()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("runs.jsonl");
        var corpus = new[] { Spiked("a_1.csv", 300) };
        var calls = 0;
        var counted = new BenchmarkCandidate("counted", "a tiny LSTM that counts its fits", (ml, input, output) =>
        {
            calls++;
            return Tiny.Create(ml, input, output);
        });
        var options = new BenchmarkOptions(TrainFraction: 0.6);

        var first = BenchmarkRunner.Run(corpus, new[] { counted }, options, log: BenchmarkRunLog.Open(path));
        File.AppendAllText(path, "{\"Key\": \"cut short by a kill"); // a partial last line is ignored
        var resumed = BenchmarkRunner.Run(corpus, new[] { counted }, options, log: BenchmarkRunLog.Open(path));
        var otherSeed = BenchmarkRunner.Run(corpus, new[] { counted }, options with { Seed = 2 }, log: BenchmarkRunLog.Open(path));

        Assert.Equal(2, calls); // the first run and the other seed; the resumed one came from the log
        Assert.Equal(first[0].Scores, resumed[0].Scores);
        Assert.Equal(first[0].Alerts, resumed[0].Alerts);
        Assert.Equal(first[0].Report, resumed[0].Report);
        Assert.Equal(first[0].TrainRows, resumed[0].TrainRows);
        Assert.NotNull(otherSeed[0].Report);
    }

    private static BenchmarkSeries Spiked(string name, int length)
    {
        var start = new DateTime(2020, 1, 1);
        var values = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(length), 9, length - 40);
        var labels = Enumerable.Range(0, length).Select(i => i == length - 40).ToArray();
        return new BenchmarkSeries(name, "a", Enumerable.Range(0, length).Select(i => start.AddMinutes(i)).ToArray(), new[] { "value" }, new[] { values }, labels, null);
    }

    [SkippableFact]
    public void LoadsTheNabCorpusWithItsWindowsAsLabels()
    {
        var corpus = BenchmarkCorpus.LoadNab(SharedData.NabOrSkip());

        Assert.Equal(58, corpus.Count);
        Assert.Equal(7, corpus.Select(s => s.Category).Distinct().Count());
        var taxi = corpus.Single(s => s.Name == "realKnownCause/nyc_taxi.csv");
        Assert.Equal(10320, taxi.Length);
        Assert.Equal(5, taxi.NabWindows!.Count);
        Assert.True(taxi.Labels.Count(l => l) > 5 * 100);
    }

    private static void WriteSeries(string path, float[] values, int spikeChannel, int[] spikes)
    {
        var lines = new List<string> { "timestamp,a,b,label" };
        for (var i = 0; i < values.Length; i++)
        {
            var spike = spikes.Contains(i);
            var a = values[i] + (spike && spikeChannel == 0 ? 10 : 0);
            var b = (values[i] * 0.5f) + 3 + (spike && spikeChannel == 1 ? 10 : 0);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"2020-01-01T00:{i / 60:00}:{i % 60:00},{a},{b},{(spike ? 1 : 0)}"));
        }

        File.WriteAllLines(path, lines);
    }

    private sealed class Collector(List<BenchmarkProgress> seen) : IProgress<BenchmarkProgress>
    {
        public void Report(BenchmarkProgress value) => seen.Add(value);
    }
}

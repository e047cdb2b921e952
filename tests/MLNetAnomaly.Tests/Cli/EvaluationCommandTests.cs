using System.Globalization;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

[Trait("Category", "Slow")]
public sealed class EvaluationCommandTests
{
    [Fact]
    public void EvaluateNabScoresAResultsFolderInNabsLayout()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("labels"));
        Directory.CreateDirectory(folder.File("results/mine/cat"));
        File.WriteAllText(folder.File("labels/combined_windows.json"), """{ "cat/s.csv": [["2020-01-01 03:20:00.000000", "2020-01-01 03:30:00.000000"]] }""");
        var start = new DateTime(2020, 1, 1);
        var lines = new List<string> { "timestamp,anomaly_score" };
        for (var i = 0; i < 400; i++)
        {
            var score = i == 202 ? 0.9 : 0.1; // one detection inside the window (rows 200..210)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(i):yyyy-MM-dd HH:mm:ss},{score}"));
        }

        File.WriteAllLines(folder.File("results/mine/cat/mine_s.csv"), lines);

        var run = CliProcess.Run(folder.Path, "evaluate", "nab", "--results", folder.File("results/mine"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("| standard |", run.Output);
        Assert.Contains("| reward_low_FN_rate |", run.Output);
        Assert.Contains("over 1 series and 1 windows", run.Output);
    }

    [Fact]
    public void EvaluateNabNamesASeriesWithoutResults()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("results/mine"));
        File.WriteAllText(folder.File("windows.json"), """{ "cat/s.csv": [] }""");

        var run = CliProcess.Run(folder.Path, "evaluate", "nab", "--results", folder.File("results/mine"), "--labels", folder.File("windows.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'cat/s.csv'", run.Error);
    }

    [SkippableFact]
    public void EvaluateNabReproducesTheNumentaScoresFromTheCommandLine()
    {
        var nab = SharedData.NabOrSkip();
        using var folder = new TemporaryFolder();

        var run = CliProcess.Run(folder.Path, "evaluate", "nab", "--results", Path.Combine(nab, "results", "numenta"), "--data", Path.Combine(nab, "data"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("| standard | 70.10 |", run.Output);
    }

    [Fact]
    public void BenchRunsEveryDetectorOnALabelledCsvCorpusAndWritesTheLeaderboard()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("corpus"));
        foreach (var (name, spike) in new[] { ("a_1.csv", 330), ("b_1.csv", 360) })
        {
            var values = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(400), 10, spike);
            File.WriteAllLines(folder.File("corpus/" + name), new[] { "Timestamp,Value,Label" }.Concat(values.Select((v, i) =>
                string.Create(CultureInfo.InvariantCulture, $"2020-01-01T{i / 60:00}:{i % 60:00}:00,{v},{(i == spike ? 1 : 0)}"))));
        }

        var run = CliProcess.Run(folder.Path, "bench", "--corpus", folder.File("corpus"), "--train-fraction", "0.5", "-o", folder.File("out"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var markdown = File.ReadAllText(folder.File("out/leaderboard.md"));
        Assert.Contains("| lstm | all | 2 |", markdown);
        Assert.Contains("| lstm | a | 1 |", markdown);
        Assert.Contains("\"trainFraction\": 0.5", File.ReadAllText(folder.File("out/leaderboard.json")));
    }

    [Fact]
    public void BenchRejectsAnUnknownDetector()
    {
        using var folder = new TemporaryFolder();
        var run = CliProcess.Run(folder.Path, "bench", "--corpus", folder.Path, "--detectors", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown detector 'nope'. Available: lstm, gru, rnn, cnn, autoencoder, lstm-autoencoder", run.Error);
    }

    [Theory]
    [InlineData("--refractory", "-1", "PostProcessing.RefractoryPeriod")]
    [InlineData("--likelihood-averaging", "0", "PostProcessing.LikelihoodAveraging")]
    public void BenchNamesAPostProcessingOptionOutOfRange(string option, string value, string name)
    {
        using var folder = new TemporaryFolder();
        var run = CliProcess.Run(folder.Path, "bench", "--corpus", folder.Path, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(name, run.Error);
    }
}

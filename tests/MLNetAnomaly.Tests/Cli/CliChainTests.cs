using System.Globalization;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli;

/// <summary>
/// The commands chain as a user walks them (issue 17): detect → plot → evaluate on one scores-file format; select
/// without labels → save → score the same file → evaluate against a labels file; NAB's windows as labels.
/// </summary>
[Trait("Category", "Slow")] // starts processes
public sealed class CliChainTests
{
    private static readonly int[] Spikes = { 300, 420 };

    [Fact]
    public void DetectThenPlotThenEvaluateAgainstTheLabelColumnItCarries()
    {
        using var folder = new TemporaryFolder();
        var csv = WriteSeries(folder, withLabels: true);

        var detect = CliProcess.Run(folder.Path, "detect", csv, "-d", "iid-spike");
        var plot = CliProcess.Run(folder.Path, "plot", folder.File("series.scores.csv"));
        var evaluate = CliProcess.Run(folder.Path, "evaluate", folder.File("series.scores.csv"), "--label-column", "label");

        Assert.True(detect.ExitCode == 0, detect.Error + detect.Output);
        Assert.Equal("timestamp,value,alert,score,p_value,label", File.ReadLines(folder.File("series.scores.csv")).First());
        Assert.True(plot.ExitCode == 0, plot.Error + plot.Output);
        Assert.True(new FileInfo(folder.File("series.scores.png")).Length > 10_000);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        Assert.Contains("2 labelled anomalous (column 'label')", evaluate.Output);
        Assert.Contains("| point |", evaluate.Output);
        Assert.Contains("| event |", evaluate.Output);
        Assert.Contains("| range |", evaluate.Output);
        Assert.Contains("VUS-PR", evaluate.Output);
    }

    [Fact]
    public void ASelectedModelScoresTheFileWithoutLabelsAndItsScoresAreEvaluated()
    {
        using var folder = new TemporaryFolder();
        var csv = WriteSeries(folder, withLabels: false);
        File.WriteAllLines(folder.File("labels.csv"), new[] { "timestamp,label" }.Concat(Enumerable.Range(0, 500).Select(i => $"{Stamp(i)},{(Spikes.Contains(i) ? 1 : 0)}")));

        var select = CliProcess.Run(folder.Path, "select", csv, "--max-trials", "2", "-d", "iid-spike,sr", "--save-model", folder.File("model.zip"));
        var score = CliProcess.Run(folder.Path, "score", csv, "-m", folder.File("model.zip"), "-o", folder.File("scored.csv"));
        var plot = CliProcess.Run(folder.Path, "plot", folder.File("scored.csv"));
        var evaluate = CliProcess.Run(folder.Path, "evaluate", folder.File("scored.csv"), "--labels", folder.File("labels.csv"));

        Assert.True(select.ExitCode == 0, select.Error + select.Output);
        Assert.True(score.ExitCode == 0, score.Error + score.Output);
        var lines = File.ReadAllLines(folder.File("scored.csv"));
        Assert.StartsWith("timestamp,value,alert,score,p_value", lines[0]);
        Assert.Equal(501, lines.Length);
        Assert.Equal(Stamp(7), lines[8].Split(',')[0]);
        Assert.True(plot.ExitCode == 0, plot.Error + plot.Output);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        Assert.Contains("2 labelled anomalous (labels.csv)", evaluate.Output);
    }

    [Fact]
    public void ScoreReadsTheSeriesFromTheColumnItIsTold()
    {
        using var folder = new TemporaryFolder();
        var csv = WriteSeries(folder, withLabels: false);
        var renamed = folder.File("cpu.csv");
        File.WriteAllLines(renamed, File.ReadAllLines(csv).Select((line, i) => i == 0 ? "timestamp,cpu" : line));
        Assert.Equal(0, CliProcess.Run(folder.Path, "select", csv, "--max-trials", "1", "-d", "iid-spike", "--save-model", folder.File("model.zip")).ExitCode);

        var without = CliProcess.Run(folder.Path, "score", renamed, "-m", folder.File("model.zip"));
        var with = CliProcess.Run(folder.Path, "score", renamed, "-m", folder.File("model.zip"), "--value-column", "cpu");

        Assert.Equal(2, without.ExitCode);
        Assert.Contains("--value-column", without.Error);
        Assert.True(with.ExitCode == 0, with.Error + with.Output);
    }

    [Fact]
    public void NabWindowsAreLabelsAndGiveTheAlertsNabScores()
    {
        using var folder = new TemporaryFolder();
        var csv = WriteSeries(folder, withLabels: false, name: "mini.csv");
        File.WriteAllText(folder.File("windows.json"), $$"""{ "realKnownCause/mini.csv": [["{{Stamp(295)}}.000000", "{{Stamp(305)}}.000000"]] }""");
        Assert.Equal(0, CliProcess.Run(folder.Path, "detect", csv, "-d", "iid-spike").ExitCode);

        var evaluate = CliProcess.Run(folder.Path, "evaluate", folder.File("mini.scores.csv"), "--labels", folder.File("windows.json"));

        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        Assert.Contains("11 labelled anomalous (NAB's windows for realKnownCause/mini.csv)", evaluate.Output);
        Assert.Contains("NAB scores of the alerts", evaluate.Output);
    }

    [Fact]
    public void PlotTakesAPathOrGoesNextToTheScores()
    {
        using var folder = new TemporaryFolder();
        var csv = WriteSeries(folder, withLabels: false);

        var named = CliProcess.Run(folder.Path, "detect", csv, "-d", "iid-spike", "--plot", folder.File("pictures/series.png"));
        var notPng = CliProcess.Run(folder.Path, "detect", csv, "-d", "iid-spike", "--plot", folder.File("series.txt"));

        Assert.True(named.ExitCode == 0, named.Error + named.Output);
        Assert.True(File.Exists(folder.File("pictures/series.png")));
        Assert.Equal(2, notPng.ExitCode);
        Assert.Contains("--plot takes the path of a .png file", notPng.Error);
    }

    [Fact]
    public void SeveralValueColumnsAreOneVectorForADeepDetectorWhichCatchesABrokenRelation()
    {
        // Three channels move together; at row 500 the third breaks the relation while each channel stays in range.
        using var folder = new TemporaryFolder();
        var wave = SyntheticSeries.NoisySine(600, period: 31, amplitude: 1, noise: 0.05, level: 0);
        File.WriteAllLines(folder.File("multi.csv"), new[] { "timestamp,a,b,c,label" }.Concat(wave.Select((v, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{i},{v},{2 * v},{(i == 500 ? -v : (0.5f * v) + 3)},{(i == 500 ? 1 : 0)}"))));

        var vector = CliProcess.Run(folder.Path, "detect", folder.File("multi.csv"), "-d", "lstm", "--value-columns", "a,b,c", "--epochs", "5");
        var classical = CliProcess.Run(folder.Path, "detect", folder.File("multi.csv"), "-d", "iid-spike", "--value-columns", "a,b,c", "-o", folder.File("iid.csv"));

        Assert.True(vector.ExitCode == 0, vector.Error + vector.Output);
        var lines = File.ReadAllLines(folder.File("multi.scores.csv"));
        Assert.Equal("timestamp,value,alert,score,p_value,b,c,label", lines[0]);
        var scores = lines.Skip(1).Select(l => double.Parse(l.Split(',')[3], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(500, scores.IndexOf(scores.Max()));
        Assert.Equal(2, classical.ExitCode);
        Assert.Contains("--value-columns takes a deep detector", classical.Error);
    }

    [Fact]
    public void AVectorModelScoresTheColumnsItWasFittedOnAndPlotsEveryChannel()
    {
        using var folder = new TemporaryFolder();
        var wave = SyntheticSeries.NoisySine(300, period: 31, amplitude: 1, noise: 0.05, level: 0);
        var rows = wave.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{i},{v},{2 * v},{(0.5f * v) + 3}")).ToList();
        File.WriteAllLines(folder.File("multi.csv"), new[] { "timestamp,a,b,c" }.Concat(rows));
        File.WriteAllLines(folder.File("renamed.csv"), new[] { "timestamp,x,b,c" }.Concat(rows));

        var detect = CliProcess.Run(folder.Path, "detect", folder.File("multi.csv"), "-d", "lstm", "--value-columns", "a,b,c", "--epochs", "2", "--save-model", folder.File("vector.zip"), "--plot", folder.File("detect.png"));
        Assert.True(detect.ExitCode == 0, detect.Error + detect.Output);
        var recorded = CliProcess.Run(folder.Path, "score", folder.File("multi.csv"), "-m", folder.File("vector.zip"), "-o", folder.File("recorded.csv"));
        var unknown = CliProcess.Run(folder.Path, "score", folder.File("renamed.csv"), "-m", folder.File("vector.zip"), "-o", folder.File("unknown.csv"));
        var named = CliProcess.Run(folder.Path, "score", folder.File("renamed.csv"), "-m", folder.File("vector.zip"), "--value-columns", "x,b,c", "-o", folder.File("named.csv"));
        var plot = CliProcess.Run(folder.Path, "plot", folder.File("named.csv"), "--value-columns", "b,c", "-o", folder.File("named.png"));

        Assert.True(recorded.ExitCode == 0, recorded.Error + recorded.Output);
        Assert.True(named.ExitCode == 0, named.Error + named.Output);
        Assert.True(plot.ExitCode == 0, plot.Error + plot.Output);
        static string[] Scores(string path) => File.ReadAllLines(path).Skip(1).Select(l => string.Join(',', l.Split(',')[..5])).ToArray();
        var detected = Scores(folder.File("multi.scores.csv"));
        Assert.Contains(detected, l => double.Parse(l.Split(',')[3], CultureInfo.InvariantCulture) > 0);
        Assert.Equal(detected, Scores(folder.File("recorded.csv")));
        Assert.Equal(detected, Scores(folder.File("named.csv")));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("fitted on the columns a, b, c", unknown.Error);
        Assert.Contains("no column 'a'", unknown.Error);
        Assert.False(File.Exists(folder.File("unknown.csv")));
        Assert.True(new FileInfo(folder.File("detect.png")).Length > 10_000);
        Assert.True(new FileInfo(folder.File("named.png")).Length > 10_000);
    }

    [Fact]
    public void EvaluateNamesWhatIsMissing()
    {
        using var folder = new TemporaryFolder();
        var csv = WriteSeries(folder, withLabels: false);
        Assert.Equal(0, CliProcess.Run(folder.Path, "detect", csv, "-d", "iid-spike").ExitCode);

        var noLabels = CliProcess.Run(folder.Path, "evaluate", folder.File("series.scores.csv"));
        var notScores = CliProcess.Run(folder.Path, "evaluate", csv, "--label-column", "value");

        Assert.Equal(2, noLabels.ExitCode);
        Assert.Contains("no label column 'label'", noLabels.Error);
        Assert.Equal(2, notScores.ExitCode);
        Assert.Contains("is not a scores file: it has no column 'alert'", notScores.Error);
    }

    private static string WriteSeries(TemporaryFolder folder, bool withLabels, string name = "series.csv")
    {
        var values = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(500), 12, Spikes);
        File.WriteAllLines(folder.File(name), new[] { withLabels ? "timestamp,value,label" : "timestamp,value" }.Concat(values.Select((v, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{Stamp(i)},{v}") + (withLabels ? $",{(Spikes.Contains(i) ? 1 : 0)}" : string.Empty))));
        return folder.File(name);
    }

    private static string Stamp(int i) => new DateTime(2024, 1, 1).AddMinutes(5 * i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

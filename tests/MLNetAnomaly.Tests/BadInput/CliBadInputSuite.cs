using System.Globalization;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.BadInput;

/// <summary>
/// The CLI's bad-input suite (issue 16): every command given bad files and bad arguments, as a new user would. Each
/// case must end with a non-zero exit, no stack trace, a message naming the input and the problem, and no output file
/// written. The cases run against one folder of good files (a series, a model fitted on it, a scores file, a corpus).
/// </summary>
[Trait("Category", "Slow")] // starts processes
public sealed class CliBadInputSuite : IClassFixture<CliBadInputSuite.GoodFiles>
{
    private readonly GoodFiles _good;

    /// <summary>Takes the shared good files.</summary>
    public CliBadInputSuite(GoodFiles good) => _good = good;

    /// <summary>A case: the content of <c>bad.csv</c> (or null), the arguments, and what the error must say.</summary>
    private sealed record Case(string[]? BadFile, string[] Arguments, params string[] Expected);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // detect: the file
        ["detect: missing file"] = new(null, new[] { "detect", "{dir}/nowhere.csv" }, "nowhere.csv", "does not exist"),
        ["detect: empty file"] = new(new string[0], new[] { "detect", "{bad}" }, "bad.csv", "is empty"),
        ["detect: header only"] = new(new[] { "timestamp,value" }, new[] { "detect", "{bad}" }, "bad.csv", "no data rows"),
        ["detect: no value column"] = new(new[] { "timestamp,reading", "1,2" }, new[] { "detect", "{bad}" }, "no column 'value'", "timestamp, reading"),
        ["detect: no timestamp column"] = new(new[] { "time,value", "1,2" }, new[] { "detect", "{bad}" }, "no column 'timestamp'"),
        ["detect: a value that is text"] = new(Rows(40, 12, "abc"), new[] { "detect", "{bad}", "-d", "iid-spike" }, "line 14", "'abc'", "not a number"),
        ["detect: a value beyond single precision"] = new(Rows(40, 12, "1e308"), new[] { "detect", "{bad}", "-d", "iid-spike" }, "line 14", "beyond single precision"),
        ["detect: a negative value beyond single precision"] = new(Rows(40, 3, "-5e38"), new[] { "detect", "{bad}", "-d", "iid-spike" }, "line 5", "beyond single precision"),
        ["detect: a ragged row"] = new(new[] { "timestamp,value", "1,2", "2,3,4" }, new[] { "detect", "{bad}" }, "line 3", "expected 2 fields"),
        ["detect: semicolons and comma decimals"] = new(new[] { "timestamp;value", "1;2,5", "2;3,5" }, new[] { "detect", "{bad}" }, "';'"),
        ["detect: rows out of order"] = new(Swapped(40, 20), new[] { "detect", "{bad}", "-d", "iid-spike" }, "line 23", "is earlier than", "--time-order sort"),
        ["detect: a repeated timestamp"] = new(Repeated(40, 20), new[] { "detect", "{bad}", "-d", "iid-spike" }, "line 23", "repeats the timestamp"),
        ["detect: a timestamp that is text"] = new(Rows(40, 7, null, "soon"), new[] { "detect", "{bad}", "-d", "iid-spike" }, "line 9", "'soon'", "not a timestamp"),
        ["detect: an empty timestamp"] = new(Rows(40, 7, null, ""), new[] { "detect", "{bad}", "-d", "iid-spike" }, "line 9", "is empty"),
        ["detect: one row"] = new(new[] { "timestamp,value", "1,2" }, new[] { "detect", "{bad}", "-d", "iid-spike" }, "--train-fraction", "leaves no row"),
        ["detect: too short for the window"] = new(Rows(20), new[] { "detect", "{bad}", "-d", "lstm", "--window", "12", "--epochs", "1" }, "rows; at least 13 are needed"),

        // detect: the arguments
        ["detect: unknown detector"] = new(null, new[] { "detect", "{series}", "-d", "magic" }, "Unknown detector 'magic'", "iid-spike"),
        ["detect: training fraction 0"] = new(null, new[] { "detect", "{series}", "--train-fraction", "0" }, "--train-fraction must be in (0, 1]"),
        ["detect: training fraction above 1"] = new(null, new[] { "detect", "{series}", "--train-fraction", "1.5" }, "--train-fraction must be in (0, 1]"),
        ["detect: training fraction too small"] = new(null, new[] { "detect", "{series}", "-d", "iid-spike", "--train-fraction", "0.0001" }, "leaves no row", "raise it"),
        ["detect: window 1"] = new(null, new[] { "detect", "{series}", "--window", "1" }, "WindowSize must be at least 2; it was 1.", "(option --window)"),
        ["detect: window beyond a million"] = new(null, new[] { "detect", "{series}", "--window", "2000000" }, "WindowSize", "1,000,000"),
        ["detect: zero epochs"] = new(null, new[] { "detect", "{series}", "--epochs", "0" }, "Epochs", "(option --epochs)"),
        ["detect: negative learning rate"] = new(null, new[] { "detect", "{series}", "--learning-rate", "-1" }, "LearningRate"),
        ["detect: confidence above 100"] = new(null, new[] { "detect", "{series}", "--confidence", "150" }, "Confidence"),
        ["detect: contamination 0"] = new(null, new[] { "detect", "{series}", "--threshold", "Contamination", "--contamination", "0" }, "ContaminationRate"),
        ["detect: a horizon for a detector that does not forecast"] = new(null, new[] { "detect", "{series}", "-d", "iid-spike", "--horizon", "3" }, "--horizon applies to the forecasters"),
        ["detect: zero threads"] = new(null, new[] { "detect", "{series}", "--threads", "0" }, "--threads must be between 1 and 1024"),
        ["detect: an unknown time order"] = new(null, new[] { "detect", "{series}", "--time-order", "random" }, "'random' not recognized", "check", "sort", "keep"),
        ["detect: a model from sr-batch"] = new(null, new[] { "detect", "{series}", "-d", "sr-batch", "--save-model", "{dir}/m.zip" }, "sr-batch", "--save-model does not apply"),
        ["detect: output is a folder"] = new(null, new[] { "detect", "{series}", "-o", "{dir}" }, "--output", "is a folder"),
        ["detect: output is the input"] = new(null, new[] { "detect", "{series}", "-o", "{series}" }, "--output", "is also an input"),
        ["detect: the model path is a folder"] = new(null, new[] { "detect", "{series}", "-d", "iid-spike", "--save-model", "{dir}" }, "--save-model", "is a folder"),

        // score
        ["score: missing model"] = new(null, new[] { "score", "{series}", "-m", "{dir}/none.zip" }, "none.zip", "does not exist"),
        ["score: a damaged model"] = new(new[] { "PK not a zip" }, new[] { "score", "{series}", "-m", "{bad}" }, "bad.csv", "is damaged"),
        ["score: a file without the model's column"] = new(new[] { "timestamp,reading", "1,2" }, new[] { "score", "{bad}", "-m", "{model}" }, "column 'Value'", "--value-column"),
        ["score: a value that is text"] = new(Rows(40, 12, "abc"), new[] { "score", "{bad}", "-m", "{model}" }, "line 14", "'abc'"),
        ["score: a value beyond single precision"] = new(Rows(40, 12, "1e308"), new[] { "score", "{bad}", "-m", "{model}" }, "line 14", "beyond single precision"),
        ["score: rows out of order"] = new(Swapped(40, 5), new[] { "score", "{bad}", "-m", "{model}" }, "line 8", "is earlier than"),
        ["score: output is the input"] = new(null, new[] { "score", "{series}", "-m", "{model}", "-o", "{series}" }, "--output", "is also an input"),
        ["score: output is the model"] = new(null, new[] { "score", "{series}", "-m", "{model}", "-o", "{model}" }, "--output", "is also an input"),
        ["score: output is a folder"] = new(null, new[] { "score", "{series}", "-m", "{model}", "-o", "{dir}" }, "--output", "is a folder"),
        ["score: a named timestamp column that is missing"] = new(null, new[] { "score", "{series}", "-m", "{model}", "--timestamp-column", "when" }, "no column 'when'"),

        // select
        ["select: missing file"] = new(null, new[] { "select", "{dir}/nowhere.csv" }, "nowhere.csv", "does not exist"),
        ["select: unknown detector"] = new(null, new[] { "select", "{series}", "-d", "magic" }, "Unknown detector 'magic'", "(option --detectors)"),
        ["select: a missing label column"] = new(null, new[] { "select", "{series}", "--label-column", "truth" }, "no column 'truth'"),
        ["select: a value that is text"] = new(Rows(40, 12, "abc"), new[] { "select", "{bad}" }, "line 14", "'abc'"),
        ["select: rows out of order"] = new(Swapped(40, 5), new[] { "select", "{bad}" }, "line 8", "is earlier than"),
        ["select: the model path is a folder"] = new(null, new[] { "select", "{series}", "--save-model", "{dir}" }, "--save-model", "is a folder"),
        ["select: the model path is the input"] = new(null, new[] { "select", "{series}", "--save-model", "{series}" }, "--save-model", "is also an input"),
        ["select: zero threads"] = new(null, new[] { "select", "{series}", "--threads", "0" }, "--threads must be between 1 and 1024"),

        // bench
        ["bench: missing corpus"] = new(null, new[] { "bench", "--corpus", "{dir}/nowhere" }, "nowhere", "does not exist"),
        ["bench: a corpus without files"] = new(null, new[] { "bench", "--corpus", "{empty}" }, "holds no .csv files"),
        ["bench: a file without labels"] = new(null, new[] { "bench", "--corpus", "{unlabelled}" }, "has no column 'label'"),
        ["bench: unknown detector"] = new(null, new[] { "bench", "--corpus", "{corpus}", "-d", "nope" }, "nope"),
        ["bench: rows out of order"] = new(null, new[] { "bench", "--corpus", "{shuffled}", "-d", "iid-spike" }, "a.csv, line 3", "is earlier than"),
        ["bench: zero threads"] = new(null, new[] { "bench", "--corpus", "{corpus}", "--threads", "0" }, "--threads must be between 1 and 1024"),

        // plot
        ["plot: missing scores file"] = new(null, new[] { "plot", "{dir}/nowhere.csv" }, "nowhere.csv", "does not exist"),
        ["plot: a file that is no scores file"] = new(new[] { "timestamp,value", "1,2" }, new[] { "plot", "{bad}" }, "no column 'alert'"),
        ["plot: labels of another length"] = new(new[] { "timestamp,label", "1,1" }, new[] { "plot", "{scores}", "--labels", "{bad}" }, "1 rows but"),
        ["plot: an absurd width"] = new(null, new[] { "plot", "{scores}", "--width", "10" }, "--width"),

        // evaluate
        ["evaluate: a missing results folder"] = new(null, new[] { "evaluate", "nab", "--results", "{dir}/nowhere", "--labels", "{dir}/labels.json" }, "nowhere"),
        ["evaluate: a scores file without labels"] = new(null, new[] { "evaluate", "{scores}" }, "no label column 'label'", "--labels"),
        ["evaluate: a file that is no scores file"] = new(null, new[] { "evaluate", "{series}", "--label-column", "value" }, "is not a scores file", "no column 'alert'"),
        ["evaluate: labels of another length"] = new(new[] { "timestamp,label", "2024-01-01 00:00:00,1" }, new[] { "evaluate", "{scores}", "--labels", "{bad}" }, "The labels have 1 rows", "300"),
        ["evaluate: an empty label"] = new(LabelRows(300, empty: 5), new[] { "evaluate", "{scores}", "--labels", "{bad}" }, "line 7", "is empty"),
        ["evaluate: labels whose timestamps differ"] = new(LabelRows(300, shifted: 9), new[] { "evaluate", "{scores}", "--labels", "{bad}" }, "line 11", "does not match"),
        ["evaluate: training rows beyond the file"] = new(null, new[] { "evaluate", "{scores}", "--label-column", "value", "--train-rows", "400" }, "--train-rows must leave rows"),
        ["evaluate: labels that are not NAB's JSON"] = new(new[] { "[1, 2" }, new[] { "evaluate", "nab", "--results", "{dir}", "--labels", "{bad}" }, "bad.csv", "NAB's windows JSON"),
    };

    private static readonly HashSet<string> ParserErrors = new() { "detect: an unknown time order" };

    /// <summary>The case names, for the theory.</summary>
    public static TheoryData<string> Names => new(Cases.Keys);

    [Fact]
    public void TheSuiteCoversEveryCommandWithAtLeastSixtyCases()
    {
        Assert.True(Cases.Count >= 60, $"{Cases.Count} cases");
        Assert.All(new[] { "detect", "score", "select", "bench", "plot", "evaluate" }, command => Assert.Contains(Cases.Values, c => c.Arguments[0] == command));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BadInputGetsAClearErrorAndWritesNothing(string name)
    {
        var bad = Cases[name];
        using var work = new TemporaryFolder();
        if (bad.BadFile is not null)
        {
            File.WriteAllLines(work.File("bad.csv"), bad.BadFile);
        }

        var arguments = bad.Arguments.Select(a => a
            .Replace("{bad}", work.File("bad.csv"), StringComparison.Ordinal)
            .Replace("{dir}", work.Path, StringComparison.Ordinal)
            .Replace("{series}", _good.Series, StringComparison.Ordinal)
            .Replace("{model}", _good.Model, StringComparison.Ordinal)
            .Replace("{scores}", _good.Scores, StringComparison.Ordinal)
            .Replace("{corpus}", _good.Corpus, StringComparison.Ordinal)
            .Replace("{empty}", _good.EmptyCorpus, StringComparison.Ordinal)
            .Replace("{unlabelled}", _good.UnlabelledCorpus, StringComparison.Ordinal)
            .Replace("{shuffled}", _good.ShuffledCorpus, StringComparison.Ordinal)).ToArray();
        var before = Directory.GetFiles(work.Path, "*", SearchOption.AllDirectories).Order().ToList();
        var goodBefore = _good.Snapshot();

        var run = CliProcess.Run(work.Path, arguments);

        // 2 is bad input; the command-line parser's own errors (a value not among an option's choices) exit with 1.
        Assert.True(run.ExitCode == (ParserErrors.Contains(name) ? 1 : 2), $"{name}: exit {run.ExitCode}. {run.Error} {run.Output}");
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("(Parameter '", run.Error);
        Assert.DoesNotContain("Actual value was", run.Error);
        Assert.StartsWith(ParserErrors.Contains(name) ? string.Empty : "error: ", run.Error.TrimStart());
        Assert.All(bad.Expected, expected => Assert.True(run.Error.Contains(expected, StringComparison.Ordinal), $"{name}: the error does not say \"{expected}\": {run.Error}"));
        Assert.Equal(before, Directory.GetFiles(work.Path, "*", SearchOption.AllDirectories).Order().ToList());
        Assert.Equal(goodBefore, _good.Snapshot());
    }

    /// <summary>A labels file for the good series: one row per row, with one empty label or one shifted timestamp.</summary>
    private static string[] LabelRows(int count, int empty = -1, int shifted = -1)
        => new[] { "timestamp,label" }.Concat(Enumerable.Range(0, count).Select(i => (i == shifted ? Stamp(i + 1000) : Stamp(i)) + "," + (i == empty ? string.Empty : "0"))).ToArray();

    /// <summary>40 rows of a series, with the value of row <paramref name="row"/> (or its timestamp) replaced.</summary>
    private static string[] Rows(int count, int row = -1, string? value = null, string? timestamp = null)
        => new[] { "timestamp,value" }.Concat(Enumerable.Range(0, count).Select(i =>
            (i == row && timestamp is not null ? timestamp : Stamp(i)) + "," + (i == row && value is not null ? value : (i % 7).ToString(CultureInfo.InvariantCulture)))).ToArray();

    private static string[] Swapped(int count, int row)
    {
        var rows = Rows(count);
        (rows[row + 1], rows[row + 2]) = (rows[row + 2], rows[row + 1]);
        return rows;
    }

    private static string[] Repeated(int count, int row)
    {
        var rows = Rows(count);
        rows[row + 2] = Stamp(row) + ",3";
        return rows;
    }

    private static string Stamp(int i) => new DateTime(2024, 1, 1).AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Good files made once for the suite: a series, a model fitted on it, its scores, corpora.</summary>
    public sealed class GoodFiles : IDisposable
    {
        private readonly TemporaryFolder _folder = new();

        /// <summary>Writes the files (the model and the scores through the CLI itself).</summary>
        public GoodFiles()
        {
            Series = _folder.File("series.csv");
            var values = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(300), 10, 250);
            File.WriteAllLines(Series, new[] { "timestamp,value" }.Concat(values.Select((v, i) => Stamp(i) + "," + v.ToString("R", CultureInfo.InvariantCulture))));
            Model = _folder.File("model.zip");
            Scores = _folder.File("series.scores.csv");
            var fitted = CliProcess.Run(_folder.Path, "detect", Series, "-d", "iid-spike", "-o", Scores, "--save-model", Model);
            Assert.True(fitted.ExitCode == 0, fitted.Error);

            Corpus = Directory.CreateDirectory(_folder.File("corpus")).FullName;
            File.WriteAllLines(Path.Combine(Corpus, "a.csv"), new[] { "timestamp,value,label" }.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{i % 7},0")));
            EmptyCorpus = Directory.CreateDirectory(_folder.File("empty")).FullName;
            UnlabelledCorpus = Directory.CreateDirectory(_folder.File("unlabelled")).FullName;
            File.WriteAllLines(Path.Combine(UnlabelledCorpus, "a.csv"), Rows(40));
            ShuffledCorpus = Directory.CreateDirectory(_folder.File("shuffled")).FullName;
            File.WriteAllLines(Path.Combine(ShuffledCorpus, "a.csv"), new[] { "timestamp,value,label", "2,1,0", "1,2,0", "3,1,0" });
        }

        internal string Series { get; }

        internal string Model { get; }

        internal string Scores { get; }

        internal string Corpus { get; }

        internal string EmptyCorpus { get; }

        internal string UnlabelledCorpus { get; }

        internal string ShuffledCorpus { get; }

        /// <summary>Every good file's path, length and last write time: a bad-input run must change none.</summary>
        internal List<string> Snapshot() => Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories).Order()
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}").ToList();

        /// <summary>Deletes the files.</summary>
        public void Dispose() => _folder.Dispose();
    }
}

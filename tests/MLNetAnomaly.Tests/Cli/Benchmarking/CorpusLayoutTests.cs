using System.Globalization;
using MLNetAnomaly.Cli.Benchmarking;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Cli.Benchmarking;

/// <summary>
/// Corpora as they ship (issue 17): train/ and test/ folder pairs, UCR's training length in the file name, and
/// several value columns, which the deep detectors take as one vector with --vector.
/// </summary>
public sealed class CorpusLayoutTests
{
    [Fact]
    public void ATrainTestCorpusFitsOnTheTrainFileScoresTheTestFileAndGivesTheDeepDetectorsTheVectorWhenAsked()
    {
        using var folder = new TemporaryFolder();
        WriteCorpus(folder);
        var inputs = new List<string>();
        var tiny = new BenchmarkCandidate("tiny-lstm", "tiny LSTM for tests", (ml, input, output) =>
        {
            inputs.Add(input);
            var options = TinyLstm.Options(epochs: 3);
            options.InputColumnName = input;
            options.OutputColumnName = output;
            return ml.Transforms.DetectAnomalyByLstm(options);
        }, Multivariate: true);

        var corpus = BenchmarkCorpus.LoadLabelledCsv(folder.Path);
        var vector = BenchmarkRunner.Run(corpus, new[] { tiny }, new BenchmarkOptions(TrainFraction: 0.5, Vector: true));
        var perChannel = BenchmarkRunner.Run(corpus, new[] { tiny }, new BenchmarkOptions(TrainFraction: 0.5));

        var series = Assert.Single(corpus);
        Assert.Equal("machine-1.csv", series.Name);
        Assert.Equal(300, series.Length);
        Assert.Equal(200, series.TrainingRows);
        Assert.Equal(new[] { "a", "b", "c" }, series.ChannelNames);
        Assert.Equal(new[] { 260 }, Enumerable.Range(0, 300).Where(i => series.Labels[i]));
        Assert.Equal(200, vector[0].TrainRows); // the train file, not --train-fraction's 150
        Assert.Null(vector[0].Error);
        Assert.Null(perChannel[0].Error);
        Assert.Equal(new[] { "Values", "Value", "Value", "Value" }, inputs); // one fit on the vector, then one per channel
    }

    [Fact]
    public void ATestFileWithoutItsTrainFileIsNamed()
    {
        using var folder = new TemporaryFolder();
        WriteCorpus(folder);
        File.Delete(folder.File("train/machine-1.csv"));

        var error = Assert.Throws<InvalidDataException>(() => BenchmarkCorpus.LoadLabelledCsv(folder.Path));

        Assert.Contains("has no train file", error.Message);
    }

    [Theory]
    [InlineData("001_UCR_Anomaly_ecg_2500_3100_3150", 5000, 2500)]
    [InlineData("001_UCR_Anomaly_ecg_2500_3100_3150", 3000, null)] // the anomaly lies beyond the file
    [InlineData("sensor_1_2_3", 5000, null)] // too short a training part to be UCR's
    [InlineData("pump_7", 5000, null)]
    public void UcrFileNamesGiveTheirTrainingLength(string name, int rows, int? expected)
        => Assert.Equal(expected, BenchmarkCorpus.UcrTrainingRows(name, rows));

    [Fact]
    public void AManifestGivesFilesTheirTrainingLengthOverTheirNames()
    {
        using var folder = new TemporaryFolder();
        WriteLabelled(folder.File("pumps/pump-1.csv"), 300);
        WriteLabelled(folder.File("001_UCR_Anomaly_x_100_200_210.csv"), 300);
        WriteLabelled(folder.File("other.csv"), 300);
        File.WriteAllLines(folder.File(BenchmarkCorpus.ManifestFileName), new[] { "file,training_rows", "pumps/pump-1.csv,120", "001_UCR_Anomaly_x_100_200_210.csv,150" });

        var corpus = BenchmarkCorpus.LoadLabelledCsv(folder.Path).ToDictionary(s => s.Name, s => s.TrainingRows);

        Assert.Equal(3, corpus.Count); // the manifest is not a series
        Assert.Equal(120, corpus["pumps/pump-1.csv"]);
        Assert.Equal(150, corpus["001_UCR_Anomaly_x_100_200_210.csv"]); // the manifest wins over the file name
        Assert.Null(corpus["other.csv"]); // the global fraction applies
    }

    [Theory]
    [InlineData("missing.csv,100", "line 2: 'missing.csv' is not a series")]
    [InlineData("pump.csv,0", "line 2: training_rows must be a whole number of at least 1; it was '0'")]
    [InlineData("pump.csv,12.5", "training_rows must be a whole number")]
    [InlineData("pump.csv,300", "300 training rows leave nothing to score in 'pump.csv', which has 300 rows")]
    public void ABadManifestLineIsNamed(string entry, string message)
    {
        using var folder = new TemporaryFolder();
        WriteLabelled(folder.File("pump.csv"), 300);
        File.WriteAllLines(folder.File(BenchmarkCorpus.ManifestFileName), new[] { "file,training_rows", entry });

        var error = Assert.Throws<InvalidDataException>(() => BenchmarkCorpus.LoadLabelledCsv(folder.Path));

        Assert.Contains(message, error.Message);
    }

    private static void WriteLabelled(string path, int rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, new[] { "timestamp,value,label" }.Concat(Enumerable.Range(0, rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{Math.Sin(i / 5.0)},{(i == rows - 20 ? 1 : 0)}"))));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void BenchOnATrainTestCorpusSaysWhatItDoes()
    {
        using var folder = new TemporaryFolder();
        WriteCorpus(folder);

        var run = CliProcess.Run(folder.Path, "bench", "--corpus", folder.Path, "-d", "lstm,iid-spike", "--vector", "-o", folder.File("out"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("1 of 1 series give their own training part", run.Output);
        Assert.Contains("the deep detectors take them as one vector", run.Output);
        var leaderboard = File.ReadAllText(folder.File("out/leaderboard.md"));
        Assert.Contains("| lstm | all | 1 |", leaderboard);
        Assert.Contains("| iid-spike | all | 1 |", leaderboard);
    }

    // Three related channels; in the test file, row 260 breaks their relation.
    private static void WriteCorpus(TemporaryFolder folder)
    {
        Directory.CreateDirectory(folder.File("train"));
        Directory.CreateDirectory(folder.File("test"));
        var wave = SyntheticSeries.NoisySine(300);
        File.WriteAllLines(folder.File("train/machine-1.csv"), new[] { "timestamp,a,b,c" }.Concat(Enumerable.Range(0, 200).Select(i => Row(i, wave[i], label: null))));
        File.WriteAllLines(folder.File("test/machine-1.csv"), new[] { "timestamp,a,b,c,label" }.Concat(Enumerable.Range(200, 100).Select(i => Row(i, wave[i], label: i == 260))));
    }

    private static string Row(int i, float v, bool? label)
    {
        var c = i == 260 ? -v : v * 0.5f + 3;
        return string.Create(CultureInfo.InvariantCulture, $"{i},{v},{v * 2},{c}") + (label is { } l ? (l ? ",1" : ",0") : string.Empty);
    }
}

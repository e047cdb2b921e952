using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Persistence;

public sealed class PersistenceTests
{
    private static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(400), 7, 350);

    [Fact]
    public void SavedAndReloadedDetectorGivesIdenticalScores()
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Series);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 3)).Fit(ml.ToDataView(Series[..200]));
        ml.Model.Save(model, data.Schema, folder.File("lstm.zip"));

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(folder.File("lstm.zip"), out var schema);

        Assert.IsType<DeepDetectorTransformer>(loaded);
        Assert.Equal("Value", schema[0].Name);
        Assert.Equal(ml.Predictions(model.Transform(data)), fresh.Predictions(loaded.Transform(data)));
        // What was fitted (the window) comes back; training-only settings (epochs) are not saved and read as defaults.
        Assert.Equal(12, ((DeepDetectorTransformer)loaded).Options.WindowSize);
        Assert.Equal(DeepDetectorOptions.Defaults.Epochs, ((DeepDetectorTransformer)loaded).Options.Epochs);
        ((IDisposable)loaded).Dispose();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void PipelineLoadedInASeparateProcessGivesBitIdenticalPredictions()
    {
        using var folder = new TemporaryFolder();
        var csv = folder.File("series.csv");
        File.WriteAllLines(csv, new[] { "timestamp,value" }.Concat(Series.Select((v, i) => $"{i},{v.ToString("R", CultureInfo.InvariantCulture)}")));
        var ml = new MLContext(seed: 1);
        var loader = ml.Data.CreateTextLoader(new[]
        {
            new Microsoft.ML.Data.TextLoader.Column("Timestamp", Microsoft.ML.Data.DataKind.String, 0),
            new Microsoft.ML.Data.TextLoader.Column("Value", Microsoft.ML.Data.DataKind.Single, 1),
        }, separatorChar: ',', hasHeader: true);
        var data = loader.Load(csv);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Scaled", "Value")
            .Append(ml.Transforms.DetectAnomalyByLstm(new LstmDetectorOptions
            {
                InputColumnName = "Scaled",
                OutputColumnName = "Prediction",
                WindowSize = 10,
                HiddenSize = 12,
                Layers = 2,
                Epochs = 3,
                Seed = 3,
                Device = ComputeDevice.Cpu,
            }));
        var model = pipeline.Fit(ml.Data.TakeRows(data, 250));
        var expected = ml.Predictions(model.Transform(data));
        ml.Model.Save(model, data.Schema, folder.File("pipeline.zip"));

        var run = CliProcess.Run(folder.Path, "score", csv, "--model", folder.File("pipeline.zip"), "--output", folder.File("scores.csv"));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var lines = File.ReadAllLines(folder.File("scores.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(new[] { "timestamp", "value", "alert", "score", "p_value" }, header[..5]); // the scores-file format detect writes
        const int alert = 2;
        Assert.Equal(Series.Length, lines.Length - 1);
        for (var i = 0; i < Series.Length; i++)
        {
            var fields = lines[i + 1].Split(',');
            for (var slot = 0; slot < 3; slot++)
            {
                var value = double.Parse(fields[alert + slot], CultureInfo.InvariantCulture);
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i][slot]) == BitConverter.DoubleToInt64Bits(value), $"row {i} slot {slot}: {expected[i][slot]:R} in process, {value:R} in the separate process");
            }
        }
    }

    [Fact]
    public void ModelWrittenByANewerFormatIsRefusedWithAClearMessage()
    {
        using var folder = new TemporaryFolder();
        var path = SaveTinyModel(folder);
        PatchDetectorHeader(path, header =>
        {
            BitConverter.TryWriteBytes(header.AsSpan(0x48), 0x00030001u); // format written
            BitConverter.TryWriteBytes(header.AsSpan(0x4C), 0x00030001u); // oldest reader that can read it
        });

        var error = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(path, out _));
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("newer version of MLNetAnomaly", messages);
        Assert.Contains("0x00030001", messages);

        // LoadDetectorModel says it in one exception that names the file, and does not call the file damaged.
        var clear = Assert.Throws<NotSupportedException>(() => new MLContext().Model.LoadDetectorModel(path, out _));
        Assert.Contains(path, clear.Message, StringComparison.Ordinal);
        Assert.Contains("newer version of MLNetAnomaly", clear.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelOfAnOlderPreReleaseFormatIsRefusedWithAMessageToRefit()
    {
        using var folder = new TemporaryFolder();
        var path = SaveTinyModel(folder);
        PatchDetectorHeader(path, header =>
        {
            BitConverter.TryWriteBytes(header.AsSpan(0x48), 0x00010005u); // format written: the last positional one
            BitConverter.TryWriteBytes(header.AsSpan(0x4C), 0x00010005u);
        });

        var error = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(path, out _));
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("0x00010005", messages);
        Assert.Contains("Refit and save the model again", messages);
    }

    [Fact]
    public void ModelOfARetiredPerNetworkDetectorIsRefusedWithAMessageToRefit()
    {
        // Before one deep transformer served every network, each had its loader name and signature ("MLNALSTM").
        using var folder = new TemporaryFolder();
        var path = SaveTinyModel(folder);
        PatchDetectorHeader(path, header =>
        {
            var current = System.Text.Encoding.ASCII.GetBytes("MLNetAnomalyDeepDetector");
            var at = header.AsSpan().IndexOf(current);
            Assert.True(at > 0, "The loader name was not found in the header.");
            System.Text.Encoding.ASCII.GetBytes("MLNetAnomalyLstmDetector").CopyTo(header, at);
            BitConverter.TryWriteBytes(header.AsSpan(0x40), BitConverter.ToUInt64("MLNALSTM"u8));
            BitConverter.TryWriteBytes(header.AsSpan(0x48), 0x00010005u);
            BitConverter.TryWriteBytes(header.AsSpan(0x4C), 0x00010005u);
        });

        var error = Assert.Throws<NotSupportedException>(() => new MLContext().Model.LoadDetectorModel(path, out _));
        Assert.Contains("0x00010005", error.Message);
        Assert.Contains("Refit and save the model again", error.Message);
    }

    [Fact]
    public void DamagedWeightsAreReportedAsDamaged()
    {
        using var folder = new TemporaryFolder();
        var path = SaveTinyModel(folder);
        PatchDetectorEntry(path, bytes => bytes[bytes.Length - 200] ^= 0xFF);

        var error = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(path, out _));
        Assert.Contains(Chain(error), e => e is InvalidDataException && e.Message.Contains("damaged", StringComparison.Ordinal));
    }

    private static string SaveTinyModel(TemporaryFolder folder)
    {
        var ml = new MLContext(seed: 1);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(epochs: 1)).Fit(ml.ToDataView(Series[..100]));
        var path = folder.File("model.zip");
        ml.Model.Save(model, ml.ToDataView(Series[..1]).Schema, path);
        return path;
    }

    /// <summary>Edits the ML.NET model header of the entry that holds our detector (signature "MLNADEEP").</summary>
    private static void PatchDetectorHeader(string path, Action<byte[]> edit) => PatchDetectorEntry(path, edit);

    private static void PatchDetectorEntry(string path, Action<byte[]> edit)
    {
        var signature = BitConverter.ToUInt64("MLNADEEP"u8);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries.ToList())
        {
            byte[] bytes;
            using (var stream = entry.Open())
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            if (bytes.Length < 0x100 || BitConverter.ToUInt64(bytes, 0x40) != signature)
            {
                continue;
            }

            edit(bytes);
            var name = entry.FullName;
            entry.Delete();
            using var rewritten = zip.CreateEntry(name).Open();
            rewritten.Write(bytes);
            return;
        }

        Assert.Fail("No entry with the deep detector's signature was found in the model file.");
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException!)
        {
            yield return e;
        }
    }
}

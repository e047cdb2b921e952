using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Persistence;

/// <summary>
/// A damaged model file never loads and scores differently from the file it was: every part of our payload carries a
/// digest, and <c>LoadDetectorModel</c> turns whatever ML.NET or the zip reader throws into one clear error.
/// </summary>
public sealed class ModelIntegrityTests
{
    private static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(200), 7, 170);

    [Fact]
    public void RandomByteFlipsAreRefusedOrChangeNothing()
    {
        using var folder = new TemporaryFolder();
        var (original, expected) = SaveModel(folder);
        var random = new Random(20261201);
        var (refused, scoredTheSame) = (0, 0);
        var wrong = new List<string>();
        for (var trial = 0; trial < 200; trial++)
        {
            var bytes = (byte[])original.Clone();
            var position = random.Next(bytes.Length - 8);
            for (var k = 0; k < 8; k++)
            {
                bytes[position + k] ^= (byte)random.Next(1, 256);
            }

            var path = folder.File($"flip{trial}.zip");
            File.WriteAllBytes(path, bytes);
            switch (LoadAndScore(path, out var predictions, out var error))
            {
                case Outcome.Refused:
                    refused++;
                    // A flip in a header's version fields reads as a newer format: refused too, and said so.
                    Assert.True(error is InvalidDataException or NotSupportedException && error.Message.Contains(path, StringComparison.Ordinal),
                        $"Flip at byte {position} was refused with {error!.GetType().Name}: {error.Message}");
                    Assert.True(error is NotSupportedException || error.Message.Contains("damaged", StringComparison.Ordinal), error.Message);
                    break;
                case Outcome.FailedToScore:
                    refused++;
                    break;
                case Outcome.Scored when Same(expected, predictions!):
                    scoredTheSame++;
                    break;
                default:
                    wrong.Add($"8 bytes at {position} of {bytes.Length}");
                    break;
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} damaged files loaded and scored differently: {string.Join("; ", wrong)}");
        Assert.Equal(200, refused + scoredTheSame);
        Assert.True(refused > 100, $"Only {refused} of 200 damaged files were refused; the rest loaded unchanged.");
    }

    [Fact]
    public void TruncatedFilesAreRefusedAsDamaged()
    {
        using var folder = new TemporaryFolder();
        var (original, _) = SaveModel(folder);
        foreach (var length in new[] { 0, 1, 22, 100, original.Length / 4, original.Length / 2, original.Length - 200, original.Length - 1 })
        {
            var path = folder.File($"cut{length}.zip");
            File.WriteAllBytes(path, original[..length]);

            var error = Assert.Throws<InvalidDataException>(() => new MLContext().Model.LoadDetectorModel(path, out _));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AFileThatIsNotAModelIsRefusedAsDamaged()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("not-a-model.zip");
        File.WriteAllText(path, "timestamp,value\n1,2\n");

        var error = Assert.Throws<InvalidDataException>(() => new MLContext().Model.LoadDetectorModel(path, out _));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsNotCalledDamaged()
    {
        using var folder = new TemporaryFolder();
        Assert.Throws<FileNotFoundException>(() => new MLContext().Model.LoadDetectorModel(folder.File("absent.zip"), out _));
    }

    private enum Outcome
    {
        Refused,
        FailedToScore,
        Scored,
    }

    private static (byte[] Bytes, double[][] Predictions) SaveModel(TemporaryFolder folder)
    {
        var ml = new MLContext(seed: 1);
        var training = ml.ToDataView(Series[..120]);
        using var model = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(window: 8, epochs: 2)).Fit(training);
        var path = folder.File("model.zip");
        ml.Model.Save(model, training.Schema, path);
        return (File.ReadAllBytes(path), ml.Predictions(model.Transform(ml.ToDataView(Series))));
    }

    private static Outcome LoadAndScore(string path, out double[][]? predictions, out Exception? error)
    {
        predictions = null;
        error = null;
        var ml = new MLContext();
        ITransformer model;
        try
        {
            model = ml.Model.LoadDetectorModel(path, out _);
        }
        catch (Exception exception)
        {
            error = exception;
            return Outcome.Refused;
        }

        try
        {
            predictions = ml.Predictions(model.Transform(ml.ToDataView(Series)));
            return Outcome.Scored;
        }
        catch (Exception exception)
        {
            // A file that loads but cannot score (a damaged input schema, say) has not scored differently either.
            error = exception;
            return Outcome.FailedToScore;
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }

    private static bool Same(double[][] expected, double[][] actual)
        => expected.Length == actual.Length && expected.Zip(actual).All(p => p.First.SequenceEqual(p.Second));
}

using System.Diagnostics;
using Microsoft.ML;
using MLNetAnomaly.Tests.Streaming;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.ML.Persistence;

/// <summary>
/// A process killed while it writes a checkpoint file or a model file leaves the previous file whole (issue 16):
/// a child process writes the same file over and over and is killed at a random moment, several times; the file
/// must then load, and at least one kill must have landed mid-write (its temporary is still there), or the test
/// proved nothing.
/// </summary>
[Trait("Category", "Slow")] // starts processes
public sealed class KilledWriterTests
{
    private const int Attempts = 12;

    [Theory]
    [InlineData("checkpoints")]
    [InlineData("models")]
    public async Task AKilledWriterLeavesThePreviousFileWhole(string mode)
    {
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var model = StreamingModels.Fit(ml, "iid-spike+chain");
        var modelPath = folder.File("model.zip");
        ml.Model.SaveDetectorModel(model, ml.ToDataView(StreamingModels.Series[..300]).Schema, modelPath);
        var target = folder.File(mode == "models" ? "written.zip" : "written.ckpt");
        var random = new Random(1);
        var killedMidWrite = 0;

        for (var attempt = 0; attempt < Attempts && killedMidWrite < 2; attempt++)
        {
            // A fresh start each time: the wait below then ends at this child's first complete write, not a previous one's.
            File.Delete(target);
            using var child = ChildProcessProgram.Start(mode, modelPath, target);
            var errors = child.StandardError.ReadToEndAsync();
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(target) && !child.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(1))
            {
                Thread.Sleep(5);
            }

            Assert.True(File.Exists(target), $"The writer never wrote {target} (exited: {child.HasExited}). {(child.HasExited ? await errors : string.Empty)}");
            Thread.Sleep(random.Next(20, 200));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();

            var leftovers = Directory.GetFiles(folder.Path, "." + Path.GetFileName(target) + ".*.tmp*");
            killedMidWrite += leftovers.Length > 0 ? 1 : 0;
            foreach (var leftover in leftovers)
            {
                File.Delete(leftover);
            }

            // The file is whole: it loads (checkpoints and our model parts carry digests, so a part of a file fails).
            try
            {
                if (mode == "models")
                {
                    var loaded = new MLContext().Model.LoadDetectorModel(target, out _);
                    (loaded as IDisposable)?.Dispose();
                }
                else
                {
                    using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);
                    engine.Restore(target);
                    Assert.True(engine.Position > 0);
                }
            }
            catch (Exception exception)
            {
                Assert.Fail($"Kill {attempt + 1} ({(leftovers.Length > 0 ? "mid-write" : "between writes")}, child exit code {child.ExitCode}) left a file of {new FileInfo(target).Length} bytes that does not load: {exception}. Child's errors: {await errors}");
            }
        }

        Assert.True(killedMidWrite > 0, $"None of {Attempts} kills landed during a write, so the test proved nothing; the writer loop should spend most of its time writing.");
    }
}

using Microsoft.ML;
using MLNetAnomaly.Streaming;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Streaming;

/// <summary>An engine used from two threads at once says so instead of mixing two series into one state.</summary>
public sealed class ConcurrentUseTests
{
    [Fact]
    public void ASecondCallWhileTheFirstRunsThrowsNamingTheFix()
    {
        var guard = new ExclusiveUse("AnomalyStreamingEngine");
        using (guard.Enter("Predict"))
        {
            var error = Assert.Throws<InvalidOperationException>(() => guard.Enter("Predict"));
            Assert.Contains("its own engine", error.Message);
        }

        // Free again once the first call has returned.
        using (guard.Enter("Checkpoint"))
        {
        }
    }

    [Fact]
    public void PredictFromTwoThreadsOnOneEngineIsRefused()
    {
        var ml = new MLContext(seed: 1);
        var values = SyntheticSeries.NoisySine(500);
        var data = ml.ToDataView(values);
        using var model = ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value").Fit(data);
        using var engine = ml.AnomalyDetection.CreateStreamingEngine(model);

        // Two threads call Predict as fast as they can until one of them is refused (both spend nearly all their time
        // inside Predict, so the calls overlap within a few iterations); a deadline keeps a failure from hanging.
        var refused = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        void Hammer()
        {
            var i = 0;
            while (Volatile.Read(ref refused) == 0 && DateTime.UtcNow < deadline)
            {
                try
                {
                    engine.Predict(values[i++ % values.Length]);
                }
                catch (InvalidOperationException)
                {
                    Interlocked.Exchange(ref refused, 1);
                }
            }
        }

        var threads = new[] { new Thread(Hammer), new Thread(Hammer) };
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());

        Assert.Equal(1, refused);

        // The engine is usable again from one thread.
        engine.Predict(1f);
    }
}

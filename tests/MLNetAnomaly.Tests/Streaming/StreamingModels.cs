using Microsoft.ML;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Tests.Streaming;

/// <summary>Every kind of fitted detector a streaming engine can be made from, small and seeded.</summary>
internal static class StreamingModels
{
    /// <summary>A noisy sine with two spikes; the first 300 points are the training part.</summary>
    internal static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(520), 9, 380, 470);

    /// <summary>Every deep and classical detector name, the built-ins through the post-processing chain ("+chain"), and "ensemble".</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var name in DetectorRegistry.AllDetectorNames.Concat(new[] { "iid-spike+chain", "sr+chain", "ensemble" }))
            {
                names.Add(name);
            }

            return names;
        }
    }

    /// <summary>Fits the named detector on the training part.</summary>
    internal static SequentialDetectorTransformer Fit(MLContext ml, string name)
    {
        var training = ml.ToDataView(Series[..300]);
        if (name == "ensemble")
        {
            var gru = (SequentialDetectorTransformer)DeepDetectors.Create(ml, "gru", epochs: 4).Fit(training);
            var sr = (SequentialDetectorTransformer)Chained(ml, "sr").Fit(training);
            return DetectorEnsembleTransformer.Create("Value", "Prediction", new[] { gru, sr });
        }

        if (name.EndsWith("+chain", StringComparison.Ordinal))
        {
            return (SequentialDetectorTransformer)Chained(ml, name[..^"+chain".Length]).Fit(training);
        }

        var estimator = DetectorRegistry.DeepDetectorNames.Contains(name)
            ? DeepDetectors.Create(ml, name, epochs: 4)
            : DetectorRegistry.CreateEstimator(ml.Transforms, name, "Prediction", "Value");
        return (SequentialDetectorTransformer)estimator.Fit(training);
    }

    /// <summary>A managed built-in whose raw scores go through the default post-processing chain.</summary>
    internal static IEstimator<ITransformer> Chained(MLContext ml, string name) => name switch
    {
        "iid-spike" => ml.Transforms.DetectAnomalyByIidSpike(new IidSpikeDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", PostProcessing = new() }),
        _ => ml.Transforms.DetectAnomalyBySpectralResidual(new SpectralResidualDetectorOptions { InputColumnName = "Value", OutputColumnName = "Prediction", PostProcessing = new() }),
    };

    /// <summary>Predicts <paramref name="values"/> with <paramref name="engine"/> and returns its checkpoint, ready to read.</summary>
    internal static MemoryStream StreamAndCheckpoint(AnomalyStreamingEngine engine, IEnumerable<float> values)
    {
        foreach (var value in values)
        {
            engine.Predict(value);
        }

        var checkpoint = new MemoryStream();
        engine.Checkpoint(checkpoint);
        checkpoint.Position = 0;
        return checkpoint;
    }
}

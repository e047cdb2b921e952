using Microsoft.ML;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Every deep detector at a small, fast size, built by name for data-driven tests.</summary>
internal static class DeepDetectors
{
    /// <summary>Names of the detectors, as xunit data.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var name in DetectorRegistry.DeepDetectorNames)
            {
                names.Add(name);
            }

            return names;
        }
    }

    /// <summary>Builds the named detector over <paramref name="input"/> with small settings.</summary>
    internal static IEstimator<ITransformer> Create(MLContext ml, string name, string input = "Value", int window = 12, int epochs = 10, int? seed = 1, Action<DeepDetectorOptions>? configure = null)
    {
        var options = DetectorRegistry.CreateOptions(name);
        options.InputColumnName = input;
        options.OutputColumnName = "Prediction";
        options.WindowSize = window;
        options.HiddenSize = 16;
        options.Layers = 1;
        options.Epochs = epochs;
        options.BatchSize = 32;
        options.LearningRate = 0.01;
        options.Seed = seed;
        options.Device = ComputeDevice.Cpu;
        configure?.Invoke(options);
        return DetectorRegistry.CreateEstimator(ml.Transforms, options);
    }
}

using Microsoft.ML;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Every deep detector at a small, fast size, built by name for data-driven tests.</summary>
internal static class DeepDetectors
{
    /// <summary>Names of the detectors, as xunit data.</summary>
    public static TheoryData<string> Names => new() { "lstm", "gru", "rnn", "cnn", "autoencoder", "lstm-autoencoder" };

    /// <summary>Builds the named detector over <paramref name="input"/> with small settings.</summary>
    internal static IEstimator<ITransformer> Create(MLContext ml, string name, string input = "Value", int window = 12, int epochs = 10, int? seed = 1, Action<DeepDetectorOptions>? configure = null)
    {
        DeepDetectorOptions options = name switch
        {
            "lstm" => new LstmDetectorOptions(),
            "gru" => new GruDetectorOptions(),
            "rnn" => new RnnDetectorOptions(),
            "cnn" => new CnnDetectorOptions(),
            "autoencoder" => new AutoencoderDetectorOptions(),
            "lstm-autoencoder" => new LstmAutoencoderDetectorOptions(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown detector"),
        };
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
        return options switch
        {
            LstmDetectorOptions o => ml.Transforms.DetectAnomalyByLstm(o),
            GruDetectorOptions o => ml.Transforms.DetectAnomalyByGru(o),
            RnnDetectorOptions o => ml.Transforms.DetectAnomalyByRnn(o),
            CnnDetectorOptions o => ml.Transforms.DetectAnomalyByCnn(o),
            AutoencoderDetectorOptions o => ml.Transforms.DetectAnomalyByAutoencoder(o),
            LstmAutoencoderDetectorOptions o => ml.Transforms.DetectAnomalyByLstmAutoencoder(o),
            _ => throw new InvalidOperationException(),
        };
    }
}

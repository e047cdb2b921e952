namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Small, fast LSTM settings for tests (real sizes belong in benchmarks).</summary>
internal static class TinyLstm
{
    internal static LstmDetectorOptions Options(int window = 12, int epochs = 8, int? seed = 1) => new()
    {
        InputColumnName = "Value",
        OutputColumnName = "Prediction",
        WindowSize = window,
        HiddenSize = 16,
        Layers = 1,
        Epochs = epochs,
        BatchSize = 32,
        LearningRate = 0.01,
        Seed = seed,
        Device = ComputeDevice.Cpu,
    };
}

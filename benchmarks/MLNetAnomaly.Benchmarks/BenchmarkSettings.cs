namespace MLNetAnomaly.Benchmarks;

/// <summary>The sizes the foundation issue asks to measure.</summary>
internal sealed record BenchmarkSettings(int WindowSize = 32, int HiddenSize = 64, int Layers = 2, int BatchSize = 64, int Epochs = 3, int InferenceBatchSize = 256, int Seed = 1, int Repeats = 5);

using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>
/// Options shared by the deep (TorchSharp) detectors: columns, window, training and scoring settings.
/// Every default is documented on its property and defined once in <see cref="DeepDetectorDefaults"/>.
/// </summary>
public abstract class DeepDetectorOptions
{
    /// <summary>The column to add: a vector of three doubles [Alert, Score, P-Value]. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>The column of <see cref="float"/> values to watch, in time order. Required.</summary>
    public string InputColumnName { get; set; } = string.Empty;

    /// <summary>Past values the network sees to judge the next one. At least 2. Default 32.</summary>
    public int WindowSize { get; set; } = DeepDetectorDefaults.WindowSize;

    /// <summary>Passes over the training windows. Default 10.</summary>
    public int Epochs { get; set; } = DeepDetectorDefaults.Epochs;

    /// <summary>Windows per optimiser step. Default 64.</summary>
    public int BatchSize { get; set; } = DeepDetectorDefaults.BatchSize;

    /// <summary>Adam's learning rate. Default 0.001.</summary>
    public double LearningRate { get; set; } = DeepDetectorDefaults.LearningRate;

    /// <summary>
    /// Confidence in percent, as in ML.NET's detectors: a point is flagged when its p-value is below
    /// 1 - Confidence / 100. Strictly between 0 and 100. Default 99.
    /// </summary>
    public double Confidence { get; set; } = DeepDetectorDefaults.Confidence;

    /// <summary>
    /// Seed for weight initialisation and shuffling. When null, the MLContext's seed is used, and when that is
    /// null too, 42: fitting is reproducible unless you ask otherwise. Default null.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>Where to train and score. Default <see cref="ComputeDevice.Auto"/> (CUDA if present, else CPU).</summary>
    public ComputeDevice Device { get; set; } = DeepDetectorDefaults.Device;

    /// <summary>Windows per forward pass when scoring. Default 256.</summary>
    public int InferenceBatchSize { get; set; } = DeepDetectorDefaults.InferenceBatchSize;

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal virtual void Validate()
    {
        Guard.NotEmpty(OutputColumnName, nameof(OutputColumnName));
        Guard.NotEmpty(InputColumnName, nameof(InputColumnName));
        Guard.AtLeast(WindowSize, 2, nameof(WindowSize));
        Guard.AtLeast(Epochs, 1, nameof(Epochs));
        Guard.AtLeast(BatchSize, 1, nameof(BatchSize));
        Guard.Positive(LearningRate, nameof(LearningRate));
        Guard.Between(Confidence, 0, 100, nameof(Confidence));
        Guard.AtLeast(InferenceBatchSize, 1, nameof(InferenceBatchSize));
        if (!Enum.IsDefined(Device))
        {
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "Device must be Auto, Cpu or Cuda.");
        }
    }
}

/// <summary>The defaults of <see cref="DeepDetectorOptions"/> and of the catalog methods, defined once.</summary>
internal static class DeepDetectorDefaults
{
    internal const int WindowSize = 32;
    internal const int Epochs = 10;
    internal const int BatchSize = 64;
    internal const double LearningRate = 1e-3;
    internal const double Confidence = 99;
    internal const ComputeDevice Device = ComputeDevice.Auto;
    internal const int InferenceBatchSize = 256;
    internal const int FallbackSeed = 42;
    internal const int HiddenSize = 64;
    internal const int Layers = 2;
    internal const double Dropout = 0.0;
}

using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>
/// Options shared by the deep (TorchSharp) detectors: columns, window, network size, training and scoring settings.
/// Every default is documented on its property and defined once in <see cref="Defaults"/>.
/// </summary>
public abstract class DeepDetectorOptions
{
    /// <summary>The column to add: a vector of three doubles [Alert, Score, P-Value]. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>
    /// An optional second column to add: what the detector expected for each row (the forecast of a forecaster, the
    /// reconstruction of an autoencoder's newest row), in the input's units, with the input column's shape; NaN for
    /// warm-up rows. Useful for plots. Null (no column) by default.
    /// </summary>
    public string? ExpectedValueColumnName { get; set; }

    /// <summary>
    /// The column to watch, in time order: <see cref="float"/> values, or a known-size vector of <see cref="float"/>
    /// when each row holds several metrics (all are modelled together). Required.
    /// </summary>
    public string InputColumnName { get; set; } = string.Empty;

    /// <summary>
    /// Rows the network sees at once, at least 2. Null (the default) chooses it at <c>Fit</c> from the training series:
    /// its dominant period by autocorrelation when there is one between 8 and 128 rows (a shorter period takes its
    /// smallest multiple of at least 8 rows), else 32; never more than a third of the training rows. The fitted
    /// transformer's <see cref="DeepDetectorTransformer.WindowChoice"/> says what was found.
    /// </summary>
    public int? WindowSize { get; set; }

    /// <summary>Units per layer (channels for the CNN). Default 64.</summary>
    public int HiddenSize { get; set; } = Defaults.HiddenSize;

    /// <summary>Stacked recurrent layers (LSTM, GRU, RNN, LSTM autoencoder). Default 2.</summary>
    public int Layers { get; set; } = Defaults.Layers;

    /// <summary>Dropout while training, in [0, 1). Default 0.</summary>
    public double Dropout { get; set; } = Defaults.Dropout;

    /// <summary>Most passes over the training windows. Default 10.</summary>
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Windows per optimiser step. Default 64.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Adam's learning rate. Default 0.001.</summary>
    public double LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>
    /// Share of the training windows, taken from the end (chronologically), held out to stop training early and
    /// keep the best weights, in [0, 0.5]. 0 trains for all epochs. Default 0.
    /// </summary>
    public double ValidationFraction { get; set; } = Defaults.ValidationFraction;

    /// <summary>With a validation share: epochs without improvement before training stops. Default 3.</summary>
    public int Patience { get; set; } = Defaults.Patience;

    /// <summary>Largest gradient norm; 0 turns clipping off. Default 0.</summary>
    public double GradientClip { get; set; } = Defaults.GradientClip;

    /// <summary>
    /// The post-processing chain that turns the network's errors (the raw scores) into [Alert, Score, P-Value]:
    /// calibration, range rule, refractory period and alert rule, the same for every detector. Never null; default
    /// <c>new PostProcessingOptions()</c> (its defaults are documented there).
    /// </summary>
    public PostProcessingOptions PostProcessing { get; set; } = new();

    /// <summary>
    /// Learning while scoring: each scoring session (a <c>Transform</c> cursor, a <c>PredictionEngine</c>, a streaming
    /// engine) keeps training its own copy of the network on the rows it scores, causally and deterministically. Saved
    /// with the model. Never null; default <c>new OnlineLearningOptions()</c> (off; its defaults are documented there).
    /// </summary>
    public OnlineLearningOptions OnlineLearning { get; set; } = new();

    /// <summary>
    /// Seed for weight initialisation and shuffling. When null, the MLContext's seed is used, and when that is
    /// null too, 42: fitting is reproducible unless you ask otherwise. Default null.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Where to train, and to score the fitted model. Default <see cref="ComputeDevice.Auto"/> (CUDA if present, else
    /// CPU). Not saved: a loaded model runs where the loading <c>MLContext</c> says (its <c>GpuDeviceId</c>).
    /// </summary>
    public ComputeDevice Device { get; set; } = Defaults.Device;

    /// <summary>
    /// Told after each training epoch (epoch, losses, time), and within long epochs every
    /// <see cref="TrainingProgressInterval"/>, for progress displays. Not saved with the model; setting it reads the
    /// training loss back once per batch, which costs a little speed. Default null.
    /// </summary>
    public IProgress<TrainingProgress>? TrainingProgress { get; set; }

    /// <summary>
    /// How often <see cref="TrainingProgress"/> hears of the batches of an epoch that is still running (an epoch on a
    /// long series can take minutes); <see cref="TimeSpan.Zero"/> reports after every batch. Not saved. Default 1 second.
    /// </summary>
    public TimeSpan TrainingProgressInterval { get; set; } = Defaults.TrainingProgressInterval;

    /// <summary>Windows per forward pass when scoring. Default 256.</summary>
    public int InferenceBatchSize { get; set; } = Defaults.InferenceBatchSize;

    /// <summary>
    /// CPU threads TorchSharp uses while fitting, at least 1. libtorch keeps one thread count per process, so this
    /// sets it for the whole process, from <c>Fit</c> on. Null keeps libtorch's choice (one per core). Default null.
    /// </summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>The largest window accepted: far beyond any useful one, and far from overflowing the sizes computed from it.</summary>
    internal const int MaximumWindowSize = 1_000_000;

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal virtual void Validate()
    {
        Guard.NotEmpty(OutputColumnName, nameof(OutputColumnName));
        Guard.NotEmpty(InputColumnName, nameof(InputColumnName));
        if (WindowSize is { } window)
        {
            Guard.AtLeast(window, 2, nameof(WindowSize));
            if (window > MaximumWindowSize)
            {
                throw new ArgumentOutOfRangeException(nameof(WindowSize), window, $"WindowSize must be at most {MaximumWindowSize:N0} rows; it was {window:N0}. A window is the past a network reads for every row: use a longer one only with a series far longer than it.");
            }
        }

        Guard.AtLeast(HiddenSize, 1, nameof(HiddenSize));
        Guard.AtLeast(Layers, 1, nameof(Layers));
        Guard.AtLeast(Epochs, 1, nameof(Epochs));
        Guard.AtLeast(BatchSize, 1, nameof(BatchSize));
        Guard.Positive(LearningRate, nameof(LearningRate));
        Guard.AtLeast(Patience, 1, nameof(Patience));
        if (TrainingProgressInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainingProgressInterval), $"{nameof(TrainingProgressInterval)} must not be negative; it was {TrainingProgressInterval}.");
        }

        Guard.AtLeast(InferenceBatchSize, 1, nameof(InferenceBatchSize));
        Guard.InRange(Dropout, 0, 1, nameof(Dropout));
        Guard.InRange(ValidationFraction, 0, 0.5, nameof(ValidationFraction), upperInclusive: true);
        Guard.InRange(GradientClip, 0, double.PositiveInfinity, nameof(GradientClip));
        if (NumberOfThreads is { } threads)
        {
            Guard.AtLeast(threads, 1, nameof(NumberOfThreads));
        }

        if (ExpectedValueColumnName is not null)
        {
            Guard.NotEmpty(ExpectedValueColumnName, nameof(ExpectedValueColumnName));
            if (ExpectedValueColumnName == OutputColumnName)
            {
                throw new ArgumentException($"ExpectedValueColumnName must differ from OutputColumnName ('{OutputColumnName}').", nameof(ExpectedValueColumnName));
            }
        }

        Guard.NotNull(PostProcessing, nameof(PostProcessing)).Validate();
        Guard.NotNull(OnlineLearning, nameof(OnlineLearning)).Validate();
        if (!Enum.IsDefined(MissingValues))
        {
            throw new ArgumentOutOfRangeException(nameof(MissingValues), MissingValues, "MissingValues must be CarryForward or Refuse.");
        }

        if (!Enum.IsDefined(Device))
        {
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "Device must be Auto, Cpu or Cuda.");
        }
    }

    /// <summary>
    /// What <c>Fit</c> does with NaN or infinite training values: train through them, each replaced by the last valid
    /// value before it (the default, as scoring does), or refuse them naming the row. Default
    /// <see cref="MissingValueHandling.CarryForward"/>.
    /// </summary>
    public MissingValueHandling MissingValues { get; set; } = Defaults.MissingValues;

    /// <summary>
    /// Stops training between mini-batches (selection sets it, for its time budget and its caller's cancellation);
    /// <c>Fit</c> then throws <see cref="OperationCanceledException"/>. Not saved.
    /// </summary>
    internal CancellationToken Cancellation { get; set; }

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal DeepDetectorOptions CloneOptions()
    {
        var copy = (DeepDetectorOptions)MemberwiseClone();
        copy.PostProcessing = PostProcessing?.Clone()!;
        copy.OnlineLearning = OnlineLearning?.Clone()!;
        return copy;
    }

    /// <summary>The default of every option, in one place (the options and the catalog methods read them).</summary>
    internal static class Defaults
    {
        /// <summary>The window when none is set and the training series shows no usable period.</summary>
        internal const int WindowSize = 32;
        internal const int HiddenSize = 64;
        internal const int Layers = 2;
        internal const double Dropout = 0.0;
        internal const int Epochs = 10;
        internal const int BatchSize = 64;
        internal const double LearningRate = 1e-3;
        internal const double ValidationFraction = 0.0;
        internal const int Patience = 3;

        /// <summary>Default <see cref="TrainingProgressInterval"/>.</summary>
        internal static readonly TimeSpan TrainingProgressInterval = TimeSpan.FromSeconds(1);
        internal const double GradientClip = 0.0;
        internal const ComputeDevice Device = ComputeDevice.Auto;
        internal const int InferenceBatchSize = 256;
        internal const int FallbackSeed = 42;
        internal const MissingValueHandling MissingValues = MissingValueHandling.CarryForward;
        internal const int ForecastHorizon = 1;
        internal const int MaxForecastHorizon = 1000;
    }
}

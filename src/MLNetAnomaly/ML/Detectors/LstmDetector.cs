using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.ML.Sequential;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Forecasting;
using MLNetAnomaly.Torch.Networks.Recurrent;
using MLNetAnomaly.Torch.Training;
using TorchSharp;

[assembly: LoadableClass(typeof(LstmDetectorTransformer), null, typeof(SignatureLoadModel), "LSTM anomaly detector", LstmDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="LstmDetectorEstimator"/>: the shared deep-detector options plus the network's size.</summary>
public sealed class LstmDetectorOptions : DeepDetectorOptions
{
    /// <summary>Units in each LSTM layer. Default 64.</summary>
    public int HiddenSize { get; set; } = DeepDetectorDefaults.HiddenSize;

    /// <summary>Stacked LSTM layers. Default 2.</summary>
    public int Layers { get; set; } = DeepDetectorDefaults.Layers;

    /// <summary>Dropout between stacked layers while training, in [0, 1). Default 0.</summary>
    public double Dropout { get; set; } = DeepDetectorDefaults.Dropout;

    internal override void Validate()
    {
        base.Validate();
        Guard.AtLeast(HiddenSize, 1, nameof(HiddenSize));
        Guard.AtLeast(Layers, 1, nameof(Layers));
        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, $"Dropout must lie in [0, 1); it was {Dropout}.");
        }
    }

    internal LstmDetectorOptions Clone() => (LstmDetectorOptions)MemberwiseClone();
}

/// <summary>
/// Detects anomalies with an LSTM next-step forecaster: windows of <see cref="DeepDetectorOptions.WindowSize"/>
/// past values predict the next value, and the prediction error, calibrated against the errors seen on the training
/// data, gives the score and p-value.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column in time order. Output: a vector of three doubles
/// [Alert, Score, P-Value]; Score is the absolute forecast error divided by the root-mean-square training error,
/// P-Value the share of training errors at least as large, Alert is 1 when P-Value &lt; 1 - Confidence / 100.
/// The first <see cref="DeepDetectorOptions.WindowSize"/> rows get [0, 0, 0.5].</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByLstm(...)</c>. See docs/detectors.md and samples/.</para>
/// </remarks>
public sealed class LstmDetectorEstimator : IEstimator<LstmDetectorTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly LstmDetectorOptions _options;

    internal LstmDetectorEstimator(IHostEnvironment environment, LstmDetectorOptions options)
    {
        _environment = Guard.NotNull(environment, nameof(environment));
        _options = Guard.NotNull(options, nameof(options)).Clone();
        _options.Validate();
    }

    /// <summary>Trains the network on the whole input column, which must hold at least WindowSize + 1 finite values.</summary>
    /// <param name="input">The training series, in time order.</param>
    public LstmDetectorTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = _options;
        var values = InputColumn.ReadForFit(input, options.InputColumnName, nameof(input), options.WindowSize + 1,
            $"WindowSize {options.WindowSize} + 1: one full window and the value after it");
        var scaler = SeriesScaler.Fit(values);
        var scaled = Array.ConvertAll(values, scaler.Apply);
        var device = TorchDevices.Resolve(options.Device);
        var seed = options.Seed ?? (_environment as IHostEnvironmentInternal)?.Seed ?? DeepDetectorDefaults.FallbackSeed;
        var network = TorchSeeding.BuildSeeded(seed, () => new LstmForecastNetwork(1, options.HiddenSize, options.Layers, options.Dropout));
        network.to(device);
        var settings = new ForecastTrainingSettings(options.WindowSize, options.Epochs, options.BatchSize, options.LearningRate, seed, device);
        var errors = ForecasterTrainer.Train(network, scaled, settings, CancellationToken.None);
        var detector = new TorchForecastDetector(network, device, options.WindowSize, scaler, new ErrorCalibration(errors),
            1 - (options.Confidence / 100), options.InferenceBatchSize);
        return new LstmDetectorTransformer(options, detector);
    }

    /// <summary>Checks the input column and describes the output column, without fitting.</summary>
    /// <param name="inputSchema">The shape of the training data.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        InputColumn.Require(inputSchema, _options.InputColumnName, nameof(inputSchema));
        return PredictionColumn.Append(inputSchema, _options.OutputColumnName);
    }
}

/// <summary>
/// A fitted LSTM detector. Adds the prediction column [Alert, Score, P-Value] to data in time order; saves and loads
/// with <c>mlContext.Model.Save</c> and <c>mlContext.Model.Load</c>.
/// </summary>
public sealed class LstmDetectorTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyLstmDetector";
    private const string Name = "LSTM anomaly detector";

    private readonly LstmDetectorOptions _options;

    internal LstmDetectorTransformer(LstmDetectorOptions options, TorchForecastDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector)
    {
        _options = options;
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public LstmDetectorOptions Options => _options.Clone();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private TorchForecastDetector Forecaster => (TorchForecastDetector)Detector;

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNALSTM",
        verWrittenCur: 0x00010001, // Initial format.
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LstmDetectorTransformer).Assembly.FullName);

    // Payload after the column names (format 0x00010001):
    //   int32  WindowSize, HiddenSize, Layers, InferenceBatchSize, Device
    //   double Dropout, Confidence, LearningRate; int32 Epochs, BatchSize, Seed (-1 when none)
    //   double scaler mean, scaler scale
    //   int32  n, then n float32 sorted absolute training errors
    //   int32  weight byte count, 32-byte SHA-256 of the weights, TorchSharp weight bytes (keys: lstm.*, head.*)
    private protected override void SaveDetector(ModelSaveContext ctx)
    {
        var writer = ctx.Writer;
        writer.Write(_options.WindowSize);
        writer.Write(_options.HiddenSize);
        writer.Write(_options.Layers);
        writer.Write(_options.InferenceBatchSize);
        writer.Write((int)_options.Device);
        writer.Write(_options.Dropout);
        writer.Write(_options.Confidence);
        writer.Write(_options.LearningRate);
        writer.Write(_options.Epochs);
        writer.Write(_options.BatchSize);
        writer.Write(_options.Seed ?? -1);
        writer.Write(Forecaster.Scaler.Mean);
        writer.Write(Forecaster.Scaler.Scale);
        var errors = Forecaster.Calibration.SortedErrors;
        writer.Write(errors.Count);
        foreach (var error in errors)
        {
            writer.Write(error);
        }

        TorchWeights.Write(writer, Forecaster.Network);
    }

    private static LstmDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var reader = ctx.Reader;
        var options = ModelFormat.Read(Name, () =>
        {
            var read = new LstmDetectorOptions
            {
                InputColumnName = input,
                OutputColumnName = output,
                WindowSize = reader.ReadInt32(),
                HiddenSize = reader.ReadInt32(),
                Layers = reader.ReadInt32(),
                InferenceBatchSize = reader.ReadInt32(),
                Device = (ComputeDevice)reader.ReadInt32(),
                Dropout = reader.ReadDouble(),
                Confidence = reader.ReadDouble(),
                LearningRate = reader.ReadDouble(),
                Epochs = reader.ReadInt32(),
                BatchSize = reader.ReadInt32(),
            };
            var seed = reader.ReadInt32();
            read.Seed = seed < 0 ? null : seed;
            return read;
        });
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"The {Name} in the model file is damaged: {exception.Message}", exception);
        }

        var (scaler, errors) = ModelFormat.Read(Name, () =>
        {
            var scaler = new SeriesScaler(reader.ReadDouble(), reader.ReadDouble());
            var count = reader.ReadInt32();
            if (count <= 0 || count > reader.BaseStream.Length / sizeof(float))
            {
                throw new InvalidDataException($"The {Name} in the model file is damaged: it lists {count} training errors.");
            }

            var errors = new float[count];
            for (var i = 0; i < count; i++)
            {
                errors[i] = reader.ReadSingle();
            }

            return (scaler, errors);
        });

        // Resolving the device also prepares the native library; the weights are overwritten, so no seeding is needed.
        var device = TorchDevices.Resolve(options.Device);
        var network = new LstmForecastNetwork(1, options.HiddenSize, options.Layers, options.Dropout);
        try
        {
            ModelFormat.Read(Name, () =>
            {
                TorchWeights.Read(reader, network, Name);
                return true;
            });
        }
        catch
        {
            network.Dispose();
            throw;
        }

        network.to(device);
        network.eval();
        var detector = new TorchForecastDetector(network, device, options.WindowSize, scaler, new ErrorCalibration(errors),
            1 - (options.Confidence / 100), options.InferenceBatchSize);
        return new LstmDetectorTransformer(options, detector);
    }
}

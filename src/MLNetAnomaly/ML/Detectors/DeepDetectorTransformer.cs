using Microsoft.ML;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.ML.Sequential;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;
using TorchSharp;

namespace MLNetAnomaly;

/// <summary>
/// Base of the fitted deep detectors: adds [Alert, Score, P-Value] to data in time order, and saves and loads with
/// <c>mlContext.Model.Save</c> / <c>mlContext.Model.Load</c> (one shared model format, below).
/// </summary>
public abstract class DeepDetectorTransformer : SequentialDetectorTransformer
{
    /// <summary>
    /// The shared model format of the deep detectors. Formats before it (0x00010001 to 0x00010004, written before the
    /// post-processing chain) are refused with a message to refit: they were pre-release formats.
    /// </summary>
    private protected const uint SharedFormat = 0x00010005;

    private readonly DeepDetectorOptions _options;

    private protected DeepDetectorTransformer(DeepDetectorOptions options, PostProcessedDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector, options.ExpectedValueColumnName)
    {
        _options = options;
    }

    /// <summary>Values per row the detector was fitted on (1 for a univariate series).</summary>
    public int Dimensions => Detector.Dimensions;

    private protected DeepDetectorOptions DeepOptions => _options;

    private PostProcessedDetector Chained => (PostProcessedDetector)Detector;

    private TorchWindowDetector Window => (TorchWindowDetector)Chained.Raw;

    // Payload after the column names (format 0x00010005, every deep detector):
    //   int32  network kind, dimensions, WindowSize, HiddenSize, Layers, InferenceBatchSize, Device, Epochs,
    //          BatchSize, Patience, Seed (-1 when none), threads (-1 when none)
    //   double Dropout, LearningRate, ValidationFraction, GradientClip
    //   bool   score whole window (autoencoders)
    //   string-or-null expected-value column name (ML.NET string table)
    //   the post-processing chain (ChainFormat)
    //   double[dimensions] scaler means, scaler scales, per-dimension training error scales
    //   int32  weight byte count, 32-byte SHA-256 of the weights, TorchSharp weight bytes
    private protected override void SaveDetector(ModelSaveContext ctx)
    {
        var writer = ctx.Writer;
        var shape = Window.Shape;
        foreach (var value in new[] { (int)shape.Kind, shape.Dimensions, _options.WindowSize, _options.HiddenSize, _options.Layers, _options.InferenceBatchSize, (int)_options.Device, _options.Epochs, _options.BatchSize, _options.Patience, _options.Seed ?? -1, _options.NumberOfThreads ?? -1 })
        {
            writer.Write(value);
        }

        foreach (var value in new[] { _options.Dropout, _options.LearningRate, _options.ValidationFraction, _options.GradientClip })
        {
            writer.Write(value);
        }

        writer.Write(Window.WholeWindow);
        ctx.SaveStringOrNull(_options.ExpectedValueColumnName);
        ChainFormat.Write(writer, Chained.Chain);
        foreach (var series in new[] { Window.Scaler.Mean, Window.Scaler.Scale, (IReadOnlyList<double>)Window.ErrorScales })
        {
            foreach (var value in series)
            {
                writer.Write(value);
            }
        }

        TorchWeights.Write(writer, Window.Network);
    }

    /// <summary>Reads the shared format (the caller has checked the header and read the column names).</summary>
    private protected static PostProcessedDetector LoadDetector(ModelLoadContext ctx, string name, NetworkKind expected, DeepDetectorOptions options)
    {
        var reader = ctx.Reader;
        var (kind, dimensions, wholeWindow) = ModelFormat.Read(name, () =>
        {
            var kind = (NetworkKind)reader.ReadInt32();
            var dimensions = reader.ReadInt32();
            options.WindowSize = reader.ReadInt32();
            options.HiddenSize = reader.ReadInt32();
            options.Layers = reader.ReadInt32();
            options.InferenceBatchSize = reader.ReadInt32();
            options.Device = (ComputeDevice)reader.ReadInt32();
            options.Epochs = reader.ReadInt32();
            options.BatchSize = reader.ReadInt32();
            options.Patience = reader.ReadInt32();
            var seed = reader.ReadInt32();
            options.Seed = seed < 0 ? null : seed;
            var threads = reader.ReadInt32();
            options.NumberOfThreads = threads < 0 ? null : threads;
            options.Dropout = reader.ReadDouble();
            options.LearningRate = reader.ReadDouble();
            options.ValidationFraction = reader.ReadDouble();
            options.GradientClip = reader.ReadDouble();
            var whole = reader.ReadBoolean();
            options.ExpectedValueColumnName = ctx.LoadStringOrNull();
            return (kind, dimensions, whole);
        });
        if (kind != expected || dimensions < 1 || dimensions > 1_000_000)
        {
            throw new InvalidDataException($"The {name} in the model file is damaged: it describes a {kind} network with {dimensions} dimensions.");
        }

        if (options is ReconstructionDetectorOptions autoencoder)
        {
            autoencoder.ScoreWholeWindow = wholeWindow;
        }

        var chain = ChainFormat.Read(reader, name);
        if (chain.RangeMin.Length != dimensions)
        {
            throw new InvalidDataException($"The {name} in the model file is damaged: its post-processing describes {chain.RangeMin.Length} dimensions where the network has {dimensions}.");
        }

        options.PostProcessing = PostProcessingOptions.From(chain.Settings);
        ModelFormat.Validate(options.Validate, name);
        var (means, scales, errorScales) = ModelFormat.Read(name, () => (ReadDoubles(reader, dimensions), ReadDoubles(reader, dimensions), ReadDoubles(reader, dimensions)));
        var shape = new NetworkShape(kind, dimensions, options.WindowSize, options.HiddenSize, options.Layers, options.Dropout);

        // Resolving the device also prepares the native library; the weights are overwritten, so no seeding is needed.
        var device = TorchDevices.Resolve(options.Device);
        var network = NetworkFactory.Build(shape);
        try
        {
            ModelFormat.Read(name, () =>
            {
                TorchWeights.Read(reader, network, name);
                return true;
            });
            network.to(device);
            network.eval();
            var raw = new TorchWindowDetector(network, device, shape, wholeWindow, new SeriesScaler(means, scales), errorScales, options.InferenceBatchSize);
            return new PostProcessedDetector(raw, chain);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }
}

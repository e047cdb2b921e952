using Microsoft.ML;
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
    /// The shared model format of the deep detectors (0x00010002 had no calibration settings, 0x00010003 no alert
    /// threshold, expected-value column or thread count).
    /// </summary>
    private protected const uint SharedFormat = 0x00010004;

    /// <summary>The format that added calibration settings.</summary>
    private const uint CalibrationFormat = 0x00010003;

    /// <summary>The first shared format, still read.</summary>
    private protected const uint FirstSharedFormat = 0x00010002;

    private readonly DeepDetectorOptions _options;

    private protected DeepDetectorTransformer(DeepDetectorOptions options, TorchWindowDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector, options.ExpectedValueColumnName)
    {
        _options = options;
    }

    /// <summary>Values per row the detector was fitted on (1 for a univariate series).</summary>
    public int Dimensions => Detector.Dimensions;

    private protected DeepDetectorOptions DeepOptions => _options;

    private TorchWindowDetector Window => (TorchWindowDetector)Detector;

    // Payload after the column names (format 0x00010002, every deep detector):
    //   int32  network kind, dimensions, WindowSize, HiddenSize, Layers, InferenceBatchSize, Device, Epochs,
    //          BatchSize, Patience, Seed (-1 when none)
    //   double Dropout, Confidence, LearningRate, ValidationFraction, GradientClip
    //   bool   score whole window (autoencoders)
    //   int32  calibration (0 static, 1 adaptive), adaptive history, adaptive smoothing   [not in 0x00010002]
    //   int32  alert threshold, double contamination rate, double SPOT risk, int32 threads (-1 when none),
    //          string-or-null expected-value column name (ML.NET string table)              [from 0x00010004]
    //   double[dimensions] scaler means, scaler scales, per-dimension training error scales
    //   int32  n, then n float32 combined training errors, in training order (0x00010002: sorted)
    //   int32  weight byte count, 32-byte SHA-256 of the weights, TorchSharp weight bytes
    private protected override void SaveDetector(ModelSaveContext ctx)
    {
        var writer = ctx.Writer;
        var shape = Window.Shape;
        foreach (var value in new[] { (int)shape.Kind, shape.Dimensions, _options.WindowSize, _options.HiddenSize, _options.Layers, _options.InferenceBatchSize, (int)_options.Device, _options.Epochs, _options.BatchSize, _options.Patience, _options.Seed ?? -1 })
        {
            writer.Write(value);
        }

        foreach (var value in new[] { _options.Dropout, _options.Confidence, _options.LearningRate, _options.ValidationFraction, _options.GradientClip })
        {
            writer.Write(value);
        }

        writer.Write(Window.WholeWindow);
        writer.Write((int)Window.CalibrationMode.Mode);
        writer.Write(Window.CalibrationMode.History);
        writer.Write(Window.CalibrationMode.Smoothing);
        writer.Write((int)_options.Threshold);
        writer.Write(_options.ContaminationRate);
        writer.Write(_options.SpotRisk);
        writer.Write(_options.NumberOfThreads ?? -1);
        ctx.SaveStringOrNull(_options.ExpectedValueColumnName);
        foreach (var series in new[] { Window.Scaler.Mean, Window.Scaler.Scale, (IReadOnlyList<double>)Window.ErrorScales })
        {
            foreach (var value in series)
            {
                writer.Write(value);
            }
        }

        var errors = Window.TrainingErrors;
        writer.Write(errors.Length);
        foreach (var error in errors)
        {
            writer.Write(error);
        }

        TorchWeights.Write(writer, Window.Network);
    }

    /// <summary>Reads the shared format (the caller has checked the header and read the column names).</summary>
    private protected static TorchWindowDetector LoadDetector(ModelLoadContext ctx, string name, NetworkKind expected, DeepDetectorOptions options)
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
            options.Dropout = reader.ReadDouble();
            options.Confidence = reader.ReadDouble();
            options.LearningRate = reader.ReadDouble();
            options.ValidationFraction = reader.ReadDouble();
            options.GradientClip = reader.ReadDouble();
            return (kind, dimensions, reader.ReadBoolean());
        });
        if (kind != expected || dimensions < 1 || dimensions > 1_000_000)
        {
            throw new InvalidDataException($"The {name} in the model file is damaged: it describes a {kind} network with {dimensions} dimensions.");
        }

        if (options is ReconstructionDetectorOptions autoencoder)
        {
            autoencoder.ScoreWholeWindow = wholeWindow;
        }

        if (ctx.Header.ModelVerWritten > FirstSharedFormat)
        {
            ModelFormat.Read(name, () =>
            {
                options.Calibration = (ScoreCalibration)reader.ReadInt32();
                options.AdaptiveHistory = reader.ReadInt32();
                options.AdaptiveSmoothing = reader.ReadInt32();
                return true;
            });
        }

        if (ctx.Header.ModelVerWritten > CalibrationFormat)
        {
            ModelFormat.Read(name, () =>
            {
                options.Threshold = (AlertThreshold)reader.ReadInt32();
                options.ContaminationRate = reader.ReadDouble();
                options.SpotRisk = reader.ReadDouble();
                var threads = reader.ReadInt32();
                options.NumberOfThreads = threads < 0 ? null : threads;
                options.ExpectedValueColumnName = ctx.LoadStringOrNull();
                return true;
            });
        }

        Validate(options, name);
        var (means, scales, errorScales) = ModelFormat.Read(name, () => (ReadDoubles(reader, dimensions), ReadDoubles(reader, dimensions), ReadDoubles(reader, dimensions)));
        var errors = ReadErrors(reader, name);
        var shape = new NetworkShape(kind, dimensions, options.WindowSize, options.HiddenSize, options.Layers, options.Dropout);
        return Rebuild(reader, name, shape, wholeWindow, new SeriesScaler(means, scales), errorScales, errors, options);
    }

    /// <summary>Reads the calibration errors, checking their count against what the stream can hold.</summary>
    private protected static float[] ReadErrors(BinaryReader reader, string name) => ModelFormat.Read(name, () =>
    {
        var count = reader.ReadInt32();
        if (count <= 0 || count > reader.BaseStream.Length / sizeof(float))
        {
            throw new InvalidDataException($"The {name} in the model file is damaged: it lists {count} training errors.");
        }

        var errors = new float[count];
        for (var i = 0; i < count; i++)
        {
            errors[i] = reader.ReadSingle();
        }

        return errors;
    });

    /// <summary>Checks options read from a file; an out-of-range value means the file is damaged.</summary>
    private protected static void Validate(DeepDetectorOptions options, string name)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"The {name} in the model file is damaged: {exception.Message}", exception);
        }
    }

    /// <summary>Builds the network on the CPU, loads its weights by name, then moves it to the device.</summary>
    private protected static TorchWindowDetector Rebuild(BinaryReader reader, string name, NetworkShape shape, bool wholeWindow, SeriesScaler scaler, double[] errorScales, float[] errors, DeepDetectorOptions options)
    {
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
            return new TorchWindowDetector(network, device, shape, wholeWindow, scaler, errorScales, errors, options.CalibrationSettings(), options.AlertSettings(), options.InferenceBatchSize);
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

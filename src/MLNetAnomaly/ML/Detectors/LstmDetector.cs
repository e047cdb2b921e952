using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;
using MLNetAnomaly.Torch.Detection;
using MLNetAnomaly.Torch.Networks;

[assembly: LoadableClass(typeof(LstmDetectorTransformer), null, typeof(SignatureLoadModel), "LSTM anomaly detector", LstmDetectorTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>Options of <see cref="LstmDetectorEstimator"/>: see <see cref="DeepDetectorOptions"/>.</summary>
public sealed class LstmDetectorOptions : DeepDetectorOptions
{
}

/// <summary>
/// Detects anomalies with an LSTM next-step forecaster: windows of <see cref="DeepDetectorOptions.WindowSize"/> rows
/// predict the next row, and the forecast error, calibrated against the errors seen on the training data, gives the
/// score and p-value.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="float"/> column, or a known-size vector of float, in time order. Output: a vector of three
/// doubles [Alert, Score, P-Value]. The first WindowSize rows get [0, 0, 0.5]. See docs/detectors.md.</para>
/// <para>Reach it through <c>mlContext.Transforms.DetectAnomalyByLstm(...)</c>.</para>
/// </remarks>
public sealed class LstmDetectorEstimator : DeepDetectorEstimator<LstmDetectorTransformer>
{
    internal LstmDetectorEstimator(IHostEnvironment environment, LstmDetectorOptions options)
        : base(environment, options, NetworkKind.Lstm)
    {
    }

    private protected override LstmDetectorTransformer CreateTransformer(DeepDetectorOptions options, TorchWindowDetector detector)
        => new((LstmDetectorOptions)options, detector);
}

/// <summary>A fitted LSTM detector; saves and loads with <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
public sealed class LstmDetectorTransformer : DeepDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyLstmDetector";
    private const string Name = "LSTM anomaly detector";
    private const uint FirstFormat = 0x00010001;

    internal LstmDetectorTransformer(LstmDetectorOptions options, TorchWindowDetector detector)
        : base(options, detector)
    {
    }

    /// <summary>A copy of the options the detector was fitted with.</summary>
    public LstmDetectorOptions Options => (LstmDetectorOptions)DeepOptions.CloneOptions();

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNALSTM",
        verWrittenCur: SharedFormat, // 0x00010001: univariate first format; 0x00010002 and 0x00010003: the shared deep format.
        verReadableCur: SharedFormat,
        verWeCanReadBack: FirstFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LstmDetectorTransformer).Assembly.FullName);

    private static LstmDetectorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var options = new LstmDetectorOptions { InputColumnName = input, OutputColumnName = output };
        var detector = ctx.Header.ModelVerWritten == FirstFormat ? LoadFirstFormat(ctx, options) : LoadDetector(ctx, Name, NetworkKind.Lstm, options);
        return new LstmDetectorTransformer(options, detector);
    }

    // Format 0x00010001 (univariate): int32 WindowSize, HiddenSize, Layers, InferenceBatchSize, Device;
    // double Dropout, Confidence, LearningRate; int32 Epochs, BatchSize, Seed (-1 when none); double mean, scale;
    // int32 n, n float32 sorted absolute errors; weights. Its errors are not divided by an error scale, so it reads
    // back with an error scale of 1.
    private static TorchWindowDetector LoadFirstFormat(ModelLoadContext ctx, LstmDetectorOptions options)
    {
        var reader = ctx.Reader;
        var (mean, scale) = ModelFormat.Read(Name, () =>
        {
            options.WindowSize = reader.ReadInt32();
            options.HiddenSize = reader.ReadInt32();
            options.Layers = reader.ReadInt32();
            options.InferenceBatchSize = reader.ReadInt32();
            options.Device = (ComputeDevice)reader.ReadInt32();
            options.Dropout = reader.ReadDouble();
            options.Confidence = reader.ReadDouble();
            options.LearningRate = reader.ReadDouble();
            options.Epochs = reader.ReadInt32();
            options.BatchSize = reader.ReadInt32();
            var seed = reader.ReadInt32();
            options.Seed = seed < 0 ? null : seed;
            return (reader.ReadDouble(), reader.ReadDouble());
        });
        Validate(options, Name);
        var errors = ReadErrors(reader, Name);
        var shape = new NetworkShape(NetworkKind.Lstm, 1, options.WindowSize, options.HiddenSize, options.Layers, options.Dropout);
        return Rebuild(reader, Name, shape, false, new SeriesScaler(new[] { mean }, new[] { scale }), new[] { 1.0 }, errors, options);
    }
}

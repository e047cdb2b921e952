using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.Orleans.Tests.TestFramework;

/// <summary>Small fitted models, as the bytes a user registers, made once per test run.</summary>
internal static class TestModels
{
    private static readonly Lazy<byte[]> IidSpikeModel = new(() => Save(ml => ml.Transforms.DetectAnomalyByIidSpike("Prediction", "Value", pvalueHistoryLength: 30), dimensions: 1));
    private static readonly Lazy<byte[]> LstmModel = new(() => Save(ml => ml.Transforms.DetectAnomalyByLstm(TinyLstm("Value")), dimensions: 1));
    private static readonly Lazy<byte[]> VectorLstmModel = new(() => Save(ml => ml.Transforms.DetectAnomalyByLstm(TinyLstm("Values")), dimensions: 2));

    /// <summary>A cheap detector: IID spike.</summary>
    public static byte[] IidSpike => IidSpikeModel.Value;

    /// <summary>A tiny univariate LSTM forecaster.</summary>
    public static byte[] Lstm => LstmModel.Value;

    /// <summary>A tiny LSTM forecaster on 2 values per point.</summary>
    public static byte[] VectorLstm => VectorLstmModel.Value;

    /// <summary>A streaming engine over a model's bytes, as a single process would run it.</summary>
    public static MLNetAnomaly.Streaming.AnomalyStreamingEngine LocalEngine(byte[] model)
    {
        var ml = new MLContext();
        var transformer = ml.Model.Load(new MemoryStream(model), out _);
        return ml.AnomalyDetection.CreateStreamingEngine(transformer);
    }

    private static LstmDetectorOptions TinyLstm(string input) => new()
    {
        InputColumnName = input,
        OutputColumnName = "Prediction",
        WindowSize = 8,
        HiddenSize = 8,
        Layers = 1,
        Epochs = 2,
        BatchSize = 32,
        Seed = 1,
        Device = ComputeDevice.Cpu,
        NumberOfThreads = 1,
    };

    private static byte[] Save(Func<MLContext, IEstimator<ITransformer>> estimator, int dimensions)
    {
        var ml = new MLContext(seed: 1);
        var training = Series.Values("training", 300, dimensions);
        IDataView data;
        if (dimensions == 1)
        {
            data = ml.Data.LoadFromEnumerable(training.Select(v => new Scalar { Value = v[0] }));
        }
        else
        {
            var schema = SchemaDefinition.Create(typeof(Vector));
            schema[nameof(Vector.Values)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
            data = ml.Data.LoadFromEnumerable(training.Select(v => new Vector { Values = v }), schema);
        }

        var model = estimator(ml).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        (model as IDisposable)?.Dispose();
        return stream.ToArray();
    }

    private sealed class Scalar
    {
        public float Value { get; set; }
    }

    private sealed class Vector
    {
        public float[] Values { get; set; } = Array.Empty<float>();
    }
}

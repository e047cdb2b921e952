using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.Benchmarks;

/// <summary>A row of a univariate series, as the benchmarks hand it to ML.NET.</summary>
internal sealed class ValueRow
{
    public float Value { get; set; }
}

/// <summary>What the speed benchmarks share: the deep detectors' settings and a full read of a prediction column.</summary>
internal static class BenchmarkHelpers
{
    /// <summary>Options of the named deep detector at the benchmark's sizes, on the CPU, reading "Value" into "Prediction".</summary>
    internal static DeepDetectorOptions DeepOptions(string name, BenchmarkSettings settings)
    {
        var options = DetectorRegistry.CreateOptions(name);
        options.InputColumnName = "Value";
        options.OutputColumnName = "Prediction";
        options.WindowSize = settings.WindowSize;
        options.HiddenSize = settings.HiddenSize;
        options.Layers = settings.Layers;
        options.BatchSize = settings.BatchSize;
        options.Epochs = settings.Epochs;
        options.InferenceBatchSize = settings.InferenceBatchSize;
        options.Device = ComputeDevice.Cpu;
        return options;
    }

    /// <summary>Reads every row of a vector-of-double column through a cursor, as a consumer of predictions would.</summary>
    internal static void ReadAll(IDataView scored, string column = "Prediction")
    {
        using var cursor = scored.GetRowCursor(new[] { scored.Schema[column] });
        var getter = cursor.GetGetter<VBuffer<double>>(scored.Schema[column]);
        var buffer = default(VBuffer<double>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
        }
    }
}

using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.ML.Persistence;

/// <summary>
/// Writes and reads a fitted post-processing chain inside a detector's model payload: its settings, the training
/// range and the raw training scores. The rest of the chain (calibrator, alert rule) is rebuilt from them exactly
/// as at fit time.
/// </summary>
internal static class ChainFormat
{
    // Layout: int32 calibration, adaptive history, adaptive smoothing, likelihood averaging, likelihood history,
    // likelihood re-estimation period; bool likelihood filter, range rule; double range tolerance; int32 refractory
    // period, alert threshold; double alpha, contamination rate, SPOT risk, score threshold; int32 d, then d doubles
    // range minimum and d doubles range maximum; int32 n, then n doubles raw training scores.
    internal static void Write(BinaryWriter writer, ScoreChain chain)
    {
        var s = chain.Settings;
        foreach (var value in new[] { (int)s.Calibration, s.AdaptiveHistory, s.AdaptiveSmoothing, s.LikelihoodAveraging, s.LikelihoodHistory, s.LikelihoodReestimationPeriod })
        {
            writer.Write(value);
        }

        writer.Write(s.LikelihoodFilter);
        writer.Write(s.RangeRule);
        writer.Write(s.RangeTolerance);
        writer.Write(s.RefractoryPeriod);
        writer.Write((int)s.Threshold);
        foreach (var value in new[] { s.Alpha, s.ContaminationRate, s.SpotRisk, s.ScoreThreshold })
        {
            writer.Write(value);
        }

        WriteDoubles(writer, chain.RangeMin);
        WriteDoubles(writer, chain.RangeMax);
        WriteDoubles(writer, chain.TrainingScores);
    }

    /// <summary>Reads a chain written by <see cref="Write"/>; a damaged or out-of-range value is an <see cref="InvalidDataException"/>.</summary>
    internal static ScoreChain Read(BinaryReader reader, string componentName) => ModelFormat.Read(componentName, () =>
    {
        var settings = new ChainSettings(
            (ScoreCalibration)reader.ReadInt32(),
            reader.ReadInt32(),
            reader.ReadInt32(),
            reader.ReadInt32(),
            reader.ReadInt32(),
            reader.ReadInt32(),
            reader.ReadBoolean(),
            reader.ReadBoolean(),
            reader.ReadDouble(),
            reader.ReadInt32(),
            (AlertThreshold)reader.ReadInt32(),
            reader.ReadDouble(),
            reader.ReadDouble(),
            reader.ReadDouble(),
            reader.ReadDouble());
        ModelFormat.Validate(() => PostProcessingOptions.From(settings).Validate(), componentName);
        var min = ReadDoubles(reader, componentName, "range minimum");
        var max = ReadDoubles(reader, componentName, "range maximum");
        var scores = ReadDoubles(reader, componentName, "training scores");
        if (min.Length != max.Length || scores.Length == 0)
        {
            throw new InvalidDataException($"The {componentName} in the model file is damaged: its post-processing holds {min.Length} and {max.Length} range bounds and {scores.Length} training scores.");
        }

        return new ScoreChain(settings, scores, min, max);
    });

    /// <summary>Writes bool has-chain, then the chain of <paramref name="detector"/> if it is post-processed.</summary>
    internal static void WriteOptional(BinaryWriter writer, IFittedDetector detector)
    {
        writer.Write(detector is PostProcessedDetector);
        if (detector is PostProcessedDetector chained)
        {
            Write(writer, chained.Chain);
        }
    }

    /// <summary>Reads what <see cref="WriteOptional"/> wrote and returns <paramref name="raw"/>, wrapped in the chain if there is one.</summary>
    internal static IFittedDetector ReadOptional(BinaryReader reader, string componentName, IFittedDetector raw)
    {
        if (!ModelFormat.Read(componentName, reader.ReadBoolean))
        {
            return raw;
        }

        var chain = Read(reader, componentName);
        if (chain.RangeMin.Length != raw.Dimensions)
        {
            throw new InvalidDataException($"The {componentName} in the model file is damaged: its post-processing describes {chain.RangeMin.Length} dimensions where the detector has {raw.Dimensions}.");
        }

        return new PostProcessedDetector(raw, chain);
    }

    private static void WriteDoubles(BinaryWriter writer, IReadOnlyCollection<double> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static double[] ReadDoubles(BinaryReader reader, string componentName, string what)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(double))
        {
            throw new InvalidDataException($"The {componentName} in the model file is damaged: it lists {count} values of its {what}.");
        }

        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }
}

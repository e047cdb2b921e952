using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.ML.Persistence;

/// <summary>
/// Writes and reads a fitted post-processing chain as named values of a component's payload: its options
/// ("PostProcessing.Calibration", ...; absent ones read as today's defaults), the training range and the raw training
/// scores. The rest of the chain (calibrator, alert rule) is rebuilt from them exactly as at fit time.
/// </summary>
internal static class ChainFormat
{
    private const string Prefix = "PostProcessing.";
    private const string Scores = Prefix + "TrainingScores";

    /// <summary>Adds <paramref name="chain"/> to <paramref name="values"/>.</summary>
    internal static void Write(ModelValues values, ScoreChain chain)
    {
        var o = PostProcessingOptions.From(chain.Settings);
        values.Set(Prefix + nameof(o.Calibration), (int)o.Calibration)
            .Set(Prefix + nameof(o.AdaptiveHistory), o.AdaptiveHistory)
            .Set(Prefix + nameof(o.AdaptiveSmoothing), o.AdaptiveSmoothing)
            .Set(Prefix + nameof(o.LikelihoodAveraging), o.LikelihoodAveraging)
            .Set(Prefix + nameof(o.LikelihoodHistory), o.LikelihoodHistory)
            .Set(Prefix + nameof(o.LikelihoodReestimationPeriod), o.LikelihoodReestimationPeriod)
            .Set(Prefix + nameof(o.LikelihoodFilter), o.LikelihoodFilter)
            .Set(Prefix + nameof(o.RangeRule), o.RangeRule)
            .Set(Prefix + nameof(o.RangeTolerance), o.RangeTolerance)
            .Set(Prefix + nameof(o.RefractoryPeriod), chain.Settings.RefractoryPeriod)
            .Set(Prefix + nameof(o.Threshold), (int)o.Threshold)
            .Set(Prefix + nameof(o.Confidence), o.Confidence)
            .Set(Prefix + nameof(o.ContaminationRate), o.ContaminationRate)
            .Set(Prefix + nameof(o.SpotRisk), o.SpotRisk)
            .Set(Prefix + nameof(o.ScoreThreshold), o.ScoreThreshold)
            .Set(Prefix + "RangeMin", chain.RangeMin.ToArray())
            .Set(Prefix + "RangeMax", chain.RangeMax.ToArray())
            .Set(Scores, chain.TrainingScores.ToArray());
    }

    /// <summary>
    /// Reads the chain of a detector with <paramref name="dimensions"/> values per row (null for an adapted estimator,
    /// whose chain has no range).
    /// </summary>
    /// <param name="values">The payload.</param>
    /// <param name="dimensions">Values per row, or null.</param>
    /// <param name="contextLength">What an absent refractory period defaults to, as at fit time (the detector's context).</param>
    internal static ScoreChain Read(ModelValues values, int? dimensions, int contextLength)
    {
        var d = new PostProcessingOptions();
        var options = new PostProcessingOptions
        {
            Calibration = (ScoreCalibration)values.Int(Prefix + nameof(d.Calibration), (int)d.Calibration),
            AdaptiveHistory = values.Int(Prefix + nameof(d.AdaptiveHistory), d.AdaptiveHistory),
            AdaptiveSmoothing = values.Int(Prefix + nameof(d.AdaptiveSmoothing), d.AdaptiveSmoothing),
            LikelihoodAveraging = values.Int(Prefix + nameof(d.LikelihoodAveraging), d.LikelihoodAveraging),
            LikelihoodHistory = values.Int(Prefix + nameof(d.LikelihoodHistory), d.LikelihoodHistory),
            LikelihoodReestimationPeriod = values.Int(Prefix + nameof(d.LikelihoodReestimationPeriod), d.LikelihoodReestimationPeriod),
            LikelihoodFilter = values.Bool(Prefix + nameof(d.LikelihoodFilter), d.LikelihoodFilter),
            RangeRule = values.Bool(Prefix + nameof(d.RangeRule), d.RangeRule),
            RangeTolerance = values.Double(Prefix + nameof(d.RangeTolerance), d.RangeTolerance),
            RefractoryPeriod = values.Has(Prefix + nameof(d.RefractoryPeriod)) ? values.Int(Prefix + nameof(d.RefractoryPeriod), 0) : d.RefractoryPeriod,
            Threshold = (AlertThreshold)values.Int(Prefix + nameof(d.Threshold), (int)d.Threshold),
            Confidence = values.Double(Prefix + nameof(d.Confidence), d.Confidence),
            ContaminationRate = values.Double(Prefix + nameof(d.ContaminationRate), d.ContaminationRate),
            SpotRisk = values.Double(Prefix + nameof(d.SpotRisk), d.SpotRisk),
            ScoreThreshold = values.Double(Prefix + nameof(d.ScoreThreshold), d.ScoreThreshold),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw values.Damaged(exception.Message, exception);
        }

        var scores = values.RequiredDoubles(Scores);
        if (scores.Length == 0)
        {
            throw values.Damaged("its post-processing holds no training scores");
        }

        return new ScoreChain(options.ToSettings(contextLength), scores, values.RequiredDoubles(Prefix + "RangeMin", dimensions), values.RequiredDoubles(Prefix + "RangeMax", dimensions));
    }

    /// <summary>Adds the chain of <paramref name="detector"/>, if it is post-processed.</summary>
    internal static void WriteOptional(ModelValues values, IFittedDetector detector)
    {
        if (detector is PostProcessedDetector chained)
        {
            Write(values, chained.Chain);
        }
    }

    /// <summary>Returns <paramref name="raw"/>, wrapped in the saved chain if there is one.</summary>
    internal static IFittedDetector ReadOptional(ModelValues values, IFittedDetector raw, int contextLength)
        => ReadOptional(values, raw.Dimensions, contextLength) is { } chain ? new PostProcessedDetector(raw, chain) : raw;

    /// <summary>The saved chain of a detector with <paramref name="dimensions"/> values per row, or null when none was saved.</summary>
    internal static ScoreChain? ReadOptional(ModelValues values, int? dimensions, int contextLength)
        => values.Has(Scores) ? Read(values, dimensions, contextLength) : null;
}

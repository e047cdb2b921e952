using Microsoft.ML;
using MLNetAnomaly.Core.Classical.Ssa;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly;

/// <summary>
/// Options the SSA detectors share (<see cref="SsaSpikeDetectorOptions"/>, <see cref="SsaChangePointDetectorOptions"/>):
/// the singular spectrum analysis forecaster trained at <c>Fit</c>, as ML.NET's <c>SsaOptions</c> set it up.
/// </summary>
public abstract class SsaDetectorOptions : ClassicalDetectorOptions
{
    /// <summary>
    /// Values from the start of the training data the forecaster is trained on (missing values skipped); more than
    /// twice <see cref="SeasonalityWindowSize"/>. Default 100 (ML.NET's <c>trainingWindowSize</c>).
    /// </summary>
    public int TrainingWindowSize { get; set; } = SsaDefaults.TrainingWindowSize;

    /// <summary>
    /// The SSA window L: an upper bound on the longest season the forecaster should follow, at least 2. Default 10
    /// (ML.NET's <c>seasonalityWindowSize</c>). The forecaster considers ranks 1 to L / 2.
    /// </summary>
    public int SeasonalityWindowSize { get; set; } = SsaDefaults.SeasonalityWindowSize;

    /// <summary>How a value and its forecast make the raw score. Default <see cref="SsaErrorFunction.SignedDifference"/>.</summary>
    public SsaErrorFunction ErrorFunction { get; set; } = SsaDefaults.ErrorFunction;

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal override void Validate()
    {
        base.Validate();
        Guard.AtLeast(SeasonalityWindowSize, 2, nameof(SeasonalityWindowSize));
        if (TrainingWindowSize <= 2 * SeasonalityWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainingWindowSize), TrainingWindowSize, $"TrainingWindowSize must be more than twice SeasonalityWindowSize ({SeasonalityWindowSize}), so the forecaster has more than {2 * SeasonalityWindowSize} values to learn from.");
        }

        if (!Enum.IsDefined(ErrorFunction))
        {
            throw new ArgumentOutOfRangeException(nameof(ErrorFunction), ErrorFunction, "ErrorFunction must be one of SignedDifference, AbsoluteDifference, SignedProportion, AbsoluteProportion or SquaredDifference.");
        }
    }

    /// <summary>
    /// Trains the forecaster on the first <see cref="TrainingWindowSize"/> finite values of the input column, reading no
    /// further, as ML.NET does (ranks 1 to L / 2; ML.NET skips NaN values, and infinite ones are skipped here too, as
    /// missing). Where ML.NET only warns and scores with an untrained model (forecast 0), too few values are an error.
    /// </summary>
    internal SsaModel TrainModel(IDataView input)
    {
        var training = InputColumn.ReadFirstFinite(input, InputColumnName, nameof(input), TrainingWindowSize);
        if (training.Length <= 2 * SeasonalityWindowSize)
        {
            throw new ArgumentException(
                $"Input column '{InputColumnName}' has {training.Length} finite values among its first rows; the SSA forecaster needs more than twice SeasonalityWindowSize ({2 * SeasonalityWindowSize}) to train on (TrainingWindowSize is {TrainingWindowSize}).",
                nameof(input));
        }

        return SsaModel.Train(training, SeasonalityWindowSize, SeasonalityWindowSize / 2);
    }

    /// <summary>The defaults both SSA detectors share, in one place (the options and the catalog methods read them).</summary>
    internal static class SsaDefaults
    {
        internal const int TrainingWindowSize = 100;
        internal const int SeasonalityWindowSize = 10;
        internal const SsaErrorFunction ErrorFunction = SsaErrorFunction.SignedDifference;
    }
}

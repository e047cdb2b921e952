using MLNetAnomaly.Core.Classical.Ssa;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;

namespace MLNetAnomaly;

/// <summary>
/// Base of the SSA detectors' transformers (<see cref="SsaSpikeDetectorTransformer"/>,
/// <see cref="SsaChangePointDetectorTransformer"/>): the trained forecaster they score with, and how its options and
/// parameters are saved.
/// </summary>
public abstract class SsaDetectorTransformer : SequentialDetectorTransformer
{
    private protected SsaDetectorTransformer(SsaDetectorOptions options, SsaModel model, IFittedDetector detector)
        : base(options.InputColumnName, options.OutputColumnName, detector)
    {
        Model = model;
    }

    /// <summary>
    /// The SSA window L the forecaster uses: <see cref="SsaDetectorOptions.SeasonalityWindowSize"/>, or less where
    /// training had to shrink it (a training stretch with a constant or zero part does that).
    /// </summary>
    public int SsaWindowSize => Model.WindowSize;

    /// <summary>The rank the forecaster chose (eigenvectors kept), 1 to L / 2.</summary>
    public int Rank => Model.Rank;

    /// <summary>
    /// True when training could not find a usable subspace and fell back to ML.NET's naive forecaster (each forecast
    /// from the mean of the last window), as ML.NET does with a warning; the training data was then too degenerate
    /// (constant, for example) for SSA.
    /// </summary>
    public bool UsesNaiveForecaster => Model.IsNaive;

    /// <summary>The trained forecaster.</summary>
    internal SsaModel Model { get; }

    /// <summary>Writes the options both SSA detectors share and the trained forecaster's parameters.</summary>
    private protected void SaveForecaster(ModelValues values, SsaDetectorOptions options)
    {
        values.Set(nameof(SsaDetectorOptions.TrainingWindowSize), options.TrainingWindowSize)
            .Set(nameof(SsaDetectorOptions.SeasonalityWindowSize), options.SeasonalityWindowSize)
            .Set(nameof(SsaDetectorOptions.ErrorFunction), (int)options.ErrorFunction)
            .Set("SsaWindow", Model.WindowSize)
            .Set("SsaRank", Model.Rank)
            .Set("SsaVectors", Model.Vectors.Select(v => (double)v).ToArray())
            .Set("SsaCoefficients", Model.Coefficients.Select(v => (double)v).ToArray())
            .Set("SsaState", Model.State.Select(v => (double)v).ToArray())
            .Set("SsaNextForecast", (double)Model.NextForecast)
            .Set("SsaNaive", Model.IsNaive);
    }

    /// <summary>Reads the shared options into <paramref name="options"/>, checks all of them, and reads the forecaster.</summary>
    private protected static SsaModel ReadForecaster(ModelValues values, SsaDetectorOptions options)
    {
        options.TrainingWindowSize = values.RequiredInt(nameof(SsaDetectorOptions.TrainingWindowSize));
        options.SeasonalityWindowSize = values.RequiredInt(nameof(SsaDetectorOptions.SeasonalityWindowSize));
        options.ErrorFunction = (SsaErrorFunction)values.RequiredInt(nameof(SsaDetectorOptions.ErrorFunction));
        ModelFormat.Validate(options.Validate, values);

        static float[] Floats(double[] values) => values.Select(v => (float)v).ToArray();
        var window = values.RequiredInt("SsaWindow");
        if (window > options.SeasonalityWindowSize)
        {
            throw values.Damaged($"its SSA window {window} is larger than its SeasonalityWindowSize {options.SeasonalityWindowSize}");
        }

        try
        {
            return SsaModel.FromParts(
                window,
                values.RequiredInt("SsaRank"),
                Floats(values.RequiredDoubles("SsaVectors")),
                Floats(values.RequiredDoubles("SsaCoefficients")),
                Floats(values.RequiredDoubles("SsaState")),
                (float)values.RequiredDouble("SsaNextForecast"),
                values.Bool("SsaNaive", false));
        }
        catch (InvalidDataException error)
        {
            throw values.Damaged(error.Message, error);
        }
    }
}

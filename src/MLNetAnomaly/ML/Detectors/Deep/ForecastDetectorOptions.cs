using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>Options shared by the detectors that forecast (LSTM, GRU, RNN, CNN).</summary>
public abstract class ForecastDetectorOptions : DeepDetectorOptions
{
    /// <summary>
    /// Rows each window forecasts, from 1 to 1,000. With a horizon H above 1, the network learns to forecast the H rows
    /// after each window, and a row is judged by all H forecasts made for it (from the windows ending 1 to H rows
    /// before it): each error is divided by its root-mean-square training error and the row's raw score is the root
    /// mean square of them all. Scoring then recomputes windows (a streaming engine cannot carry recurrent state), and
    /// the first Window + H − 1 rows are warm-up. Default 1 (the next-step forecast error).
    /// </summary>
    public int ForecastHorizon { get; set; } = Defaults.ForecastHorizon;

    /// <inheritdoc />
    internal override void Validate()
    {
        base.Validate();
        Guard.AtLeast(ForecastHorizon, 1, nameof(ForecastHorizon));
        if (ForecastHorizon > Defaults.MaxForecastHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(ForecastHorizon), ForecastHorizon, $"ForecastHorizon must be at most {Defaults.MaxForecastHorizon}; it was {ForecastHorizon}.");
        }
    }
}

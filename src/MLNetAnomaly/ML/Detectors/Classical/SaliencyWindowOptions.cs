using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Persistence;

namespace MLNetAnomaly;

/// <summary>
/// Options shared by the detectors built on spectral residual saliency maps (SR and SR-CNN): the columns and how
/// each point's window is extended and transformed. Names and defaults are those of ML.NET's
/// <c>DetectAnomalyBySrCnn</c>.
/// </summary>
public abstract class SaliencyWindowOptions : ClassicalDetectorOptions
{
    /// <summary>Points in the sliding window transformed for each new point, at least 3. Default 64.</summary>
    public int WindowSize { get; set; } = Defaults.WindowSize;

    /// <summary>Estimated points appended after the window before the transform, at least 1. Default 5.</summary>
    public int BackAddWindowSize { get; set; } = Defaults.BackAddWindowSize;

    /// <summary>Points the slope of those estimates is taken over, from 1 to WindowSize − 2. Default 5.</summary>
    public int LookaheadWindowSize { get; set; } = Defaults.LookaheadWindowSize;

    /// <summary>Frequencies averaged to smooth the log amplitude, from 1 to WindowSize. Default 3.</summary>
    public int AveragingWindowSize { get; set; } = Defaults.AveragingWindowSize;

    /// <summary>Adds the window settings to a model payload.</summary>
    internal void SaveWindow(ModelValues values) => values.Set(nameof(WindowSize), WindowSize)
        .Set(nameof(BackAddWindowSize), BackAddWindowSize)
        .Set(nameof(LookaheadWindowSize), LookaheadWindowSize)
        .Set(nameof(AveragingWindowSize), AveragingWindowSize);

    /// <summary>Reads the window settings from a model payload (absent ones keep their defaults).</summary>
    internal void LoadWindow(ModelValues values)
    {
        WindowSize = values.Int(nameof(WindowSize), WindowSize);
        BackAddWindowSize = values.Int(nameof(BackAddWindowSize), BackAddWindowSize);
        LookaheadWindowSize = values.Int(nameof(LookaheadWindowSize), LookaheadWindowSize);
        AveragingWindowSize = values.Int(nameof(AveragingWindowSize), AveragingWindowSize);
    }

    /// <summary>Checks the shared options, naming the first one out of range.</summary>
    /// <param name="minimumWindow">The smallest WindowSize the detector accepts.</param>
    private protected void ValidateWindow(int minimumWindow)
    {
        base.Validate();
        Guard.AtLeast(WindowSize, minimumWindow, nameof(WindowSize));
        Guard.AtLeast(BackAddWindowSize, 1, nameof(BackAddWindowSize));
        InRange(LookaheadWindowSize, 1, WindowSize - 2, nameof(LookaheadWindowSize));
        InRange(AveragingWindowSize, 1, WindowSize, nameof(AveragingWindowSize));
    }

    /// <summary>Throws, naming <paramref name="name"/>, when <paramref name="value"/> is outside [low, high].</summary>
    private protected void InRange(int value, int low, int high, string name)
    {
        if (value < low || value > high)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {low} and {high} (WindowSize is {WindowSize}); it was {value}.");
        }
    }

    /// <summary>The default of every option, in one place (the options and the catalog methods read them).</summary>
    internal static class Defaults
    {
        internal const int WindowSize = 64;
        internal const int BackAddWindowSize = 5;
        internal const int LookaheadWindowSize = 5;
        internal const int AveragingWindowSize = 3;
    }
}

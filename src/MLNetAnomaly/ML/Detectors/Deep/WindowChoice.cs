using MLNetAnomaly.Core.Data;

namespace MLNetAnomaly;

/// <summary>
/// How a deep detector's window was chosen when <see cref="DeepDetectorOptions.WindowSize"/> was left null: the
/// strongest period of the training series (autocorrelation) of at most <see cref="MaximumWindow"/> rows, raised to a
/// multiple of at least <see cref="MinimumWindow"/> rows, else the fallback of 32 rows. See docs/detectors.md.
/// </summary>
internal static class WindowChoice
{
    /// <summary>The smallest window chosen from a period; shorter periods take their smallest multiple at least this long.</summary>
    internal const int MinimumWindow = 8;

    /// <summary>The largest window chosen from a period; longer periods keep the fallback window.</summary>
    internal const int MaximumWindow = 128;

    // Rows searched for a period: the newest ones, so long training series cost no more than this.
    private const int SearchedRows = 16_384;

    /// <summary>The window for a series of <paramref name="values"/> (finite, row-major) and why.</summary>
    internal static (int Window, string Reason) Choose(ReadOnlySpan<float> values, int dimensions)
    {
        var rows = values.Length / dimensions;
        var searched = values.Slice(Math.Max(0, rows - SearchedRows) * dimensions);
        var fallback = DeepDetectorOptions.Defaults.WindowSize;
        var (window, reason) = DominantPeriod.Find(searched, dimensions, MaximumWindow + 1) switch
        {
            // The strongest period a window can cover; a longer, stronger one (a week beside a day) is not sought.
            { } period when period >= MinimumWindow => (period, $"period {period} found in the training series"),
            { } period => (Multiple(period), $"period {period} found in the training series; window {Multiple(period)}, its smallest multiple of at least {MinimumWindow} rows"),
            null => DominantPeriod.Find(searched, dimensions, 4 * MaximumWindow) is { } longer
                ? (fallback, $"period {longer} is longer than the largest chosen window ({MaximumWindow}) and none shorter was found; window {fallback}")
                : (fallback, $"no period found in the training series; window {fallback}"),
        };

        // A short series keeps at least three windows' worth of rows to train on.
        var limit = Math.Max(2, rows / 3);
        return window <= limit ? (window, reason) : (limit, $"{reason}, shortened to {limit}, a third of the {rows} training rows");
    }

    /// <summary>The smallest multiple of a short period that is at least <see cref="MinimumWindow"/> rows.</summary>
    private static int Multiple(int period) => period * (int)Math.Ceiling(MinimumWindow / (double)period);
}

namespace MLNetAnomaly.Core.Scoring;

/// <summary>Standardises values with the mean and standard deviation learned from the training series.</summary>
/// <param name="Mean">The training mean.</param>
/// <param name="Scale">The training standard deviation (1 when the series is constant).</param>
internal readonly record struct SeriesScaler(double Mean, double Scale)
{
    /// <summary>Learns the statistics of <paramref name="values"/>, which must be finite.</summary>
    internal static SeriesScaler Fit(ReadOnlySpan<float> values)
    {
        var mean = 0.0;
        foreach (var value in values)
        {
            mean += value;
        }

        mean /= values.Length;
        var variance = 0.0;
        foreach (var value in values)
        {
            variance += (value - mean) * (value - mean);
        }

        var deviation = Math.Sqrt(variance / values.Length);
        return new SeriesScaler(mean, deviation > 1e-12 * Math.Max(1.0, Math.Abs(mean)) ? deviation : 1.0);
    }

    /// <summary>Maps a value to standard units.</summary>
    internal float Apply(float value) => (float)((value - Mean) / Scale);

    /// <summary>Maps a value in standard units back to the series' units.</summary>
    internal double Invert(double scaled) => (scaled * Scale) + Mean;
}

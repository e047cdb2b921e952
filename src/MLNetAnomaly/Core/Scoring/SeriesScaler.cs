namespace MLNetAnomaly.Core.Scoring;

/// <summary>
/// Standardises each dimension of a series with the mean and standard deviation learned from the training series.
/// Values are stored row-major: row r, dimension d is at r * Dimensions + d.
/// </summary>
internal sealed class SeriesScaler
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    /// <summary>Creates a scaler from known statistics (as read from a model file).</summary>
    internal SeriesScaler(double[] mean, double[] scale)
    {
        if (mean.Length == 0 || mean.Length != scale.Length)
        {
            throw new ArgumentException("A scaler needs one mean and one scale per dimension.");
        }

        _mean = mean;
        _scale = scale;
    }

    /// <summary>Values per row.</summary>
    internal int Dimensions => _mean.Length;

    /// <summary>The training mean of each dimension.</summary>
    internal IReadOnlyList<double> Mean => _mean;

    /// <summary>The training standard deviation of each dimension (1 where a dimension is constant).</summary>
    internal IReadOnlyList<double> Scale => _scale;

    /// <summary>Learns the statistics of <paramref name="values"/> (row-major, finite).</summary>
    internal static SeriesScaler Fit(ReadOnlySpan<float> values, int dimensions)
    {
        var rows = values.Length / dimensions;
        var mean = new double[dimensions];
        var scale = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var sum = 0.0;
            for (var r = 0; r < rows; r++)
            {
                sum += values[(r * dimensions) + d];
            }

            mean[d] = sum / rows;
            var variance = 0.0;
            for (var r = 0; r < rows; r++)
            {
                var centred = values[(r * dimensions) + d] - mean[d];
                variance += centred * centred;
            }

            var deviation = Math.Sqrt(variance / rows);
            scale[d] = deviation > 1e-12 * Math.Max(1.0, Math.Abs(mean[d])) ? deviation : 1.0;
        }

        return new SeriesScaler(mean, scale);
    }

    /// <summary>Maps dimension <paramref name="dimension"/> of a value to standard units.</summary>
    internal float Apply(float value, int dimension) => (float)((value - _mean[dimension]) / _scale[dimension]);

    /// <summary>Maps a whole row-major series to standard units.</summary>
    internal float[] Apply(ReadOnlySpan<float> values)
    {
        var scaled = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            scaled[i] = Apply(values[i], i % Dimensions);
        }

        return scaled;
    }

    /// <summary>Maps a value in standard units back to the series' units.</summary>
    internal double Invert(double scaled, int dimension) => (scaled * _scale[dimension]) + _mean[dimension];
}

namespace MLNetAnomaly.Core.Classical;

/// <summary>
/// The streaming saliency maps of a series, as the spectral residual detector computes them: for every point from
/// the WindowSize-th on, the saliency map of the window ending at it (extended as in <see cref="SaliencyMap.Extend"/>),
/// keeping the window's part only. SR-CNN's network reads these maps. One instance per setting; not thread-safe.
/// </summary>
internal sealed class SaliencyWindows
{
    private readonly int _window;
    private readonly int _lookahead;
    private readonly double[] _extended;
    private readonly double[] _saliency;
    private readonly SaliencyMap _map;

    internal SaliencyWindows(int windowSize, int backAddWindowSize, int lookaheadWindowSize, int averagingWindowSize)
    {
        _window = windowSize;
        _lookahead = lookaheadWindowSize;
        _extended = new double[windowSize + backAddWindowSize];
        _saliency = new double[_extended.Length];
        _map = new SaliencyMap(_extended.Length, averagingWindowSize);
    }

    /// <summary>Points per map.</summary>
    internal int WindowSize => _window;

    /// <summary>
    /// Writes the saliency map of <paramref name="window"/> (the last WindowSize points, oldest first) into
    /// <paramref name="map"/>, normalised by its mean so that maps of series of any scale are alike.
    /// </summary>
    internal void Compute(ReadOnlySpan<double> window, Span<float> map)
    {
        window.CopyTo(_extended);
        SaliencyMap.Extend(window, _lookahead, _extended.AsSpan(_window));
        _map.Compute(_extended, _saliency);
        var mean = 0.0;
        for (var i = 0; i < _window; i++)
        {
            mean += _saliency[i];
        }

        mean = Math.Max(mean / _window, 1e-12);
        for (var i = 0; i < _window; i++)
        {
            map[i] = (float)(_saliency[i] / mean);
        }
    }

    /// <summary>The maps of every point of <paramref name="series"/> from index WindowSize − 1 on, row-major.</summary>
    internal float[] All(ReadOnlySpan<float> series)
    {
        var count = Math.Max(series.Length - _window + 1, 0);
        var maps = new float[count * _window];
        var window = new double[_window];
        for (var end = _window - 1; end < series.Length; end++)
        {
            for (var i = 0; i < _window; i++)
            {
                window[i] = series[end - _window + 1 + i];
            }

            Compute(window, maps.AsSpan((end - _window + 1) * _window, _window));
        }

        return maps;
    }
}

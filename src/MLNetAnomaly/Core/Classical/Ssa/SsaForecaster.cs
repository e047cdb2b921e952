using MLNetAnomaly.Core.Scoring;

namespace MLNetAnomaly.Core.Classical.Ssa;

/// <summary>
/// An <see cref="SsaModel"/> walking one series, as ML.NET's adaptive SSA consumes values while its anomaly detectors
/// score: each value is forecast from the state before it, then joins the last L − 1 values; their window, projected
/// onto the model's subspace, updates the state (a running diagonal average of the projections), and the recurrence
/// gives the next forecast. The first window is the model's training state followed by the first value, so scoring
/// continues from the end of the training data. Missing values are skipped and change nothing.
/// </summary>
internal sealed class SsaForecaster
{
    private readonly SsaModel _model;
    private readonly float[] _recent;
    private readonly float[] _state;
    private readonly float[] _window;
    private readonly float[] _projection;
    private readonly float[] _smoothed;
    private int _next;
    private float _forecast;

    internal SsaForecaster(SsaModel model)
    {
        _model = model;
        var l = model.WindowSize;
        _recent = (float[])model.State.Clone();
        _state = (float[])model.State.Clone();
        _forecast = model.NextForecast;
        _window = new float[l];
        _projection = new float[model.Rank];
        _smoothed = new float[l];
    }

    /// <summary>The forecast of the next value.</summary>
    internal float Forecast => _forecast;

    /// <summary>Takes <paramref name="value"/> (finite) and forecasts the one after it.</summary>
    internal void Consume(float value)
    {
        var (l, rank, vectors, alpha) = (_model.WindowSize, _model.Rank, _model.Vectors, _model.Coefficients);
        for (var i = 0; i < l - 1; i++)
        {
            _window[i] = _recent[(_next + i) % (l - 1)];
        }

        _window[l - 1] = value;

        SsaModel.Times(vectors, rank, l, _window, _projection);
        SsaModel.TransposeTimes(vectors, rank, l, _projection, _smoothed);

        // State i averages the projections of every window that has held that position's value so far.
        var forecast = 0f;
        for (var i = 0; i < l - 2; i++)
        {
            _state[i] = (((l - 2 - i) * _state[i + 1]) + _smoothed[i + 1]) / (l - 1 - i);
            forecast += _state[i] * alpha[i];
        }

        _state[l - 2] = _smoothed[l - 1];
        forecast += _state[l - 2] * alpha[l - 2];
        _forecast = forecast;

        _recent[_next] = value;
        _next = (_next + 1) % (l - 1);
    }

    /// <summary>Writes the recent values, the state and the forecast.</summary>
    internal void SaveState(BinaryWriter writer)
    {
        SessionState.Write(writer, _recent);
        writer.Write(_next);
        SessionState.Write(writer, _state);
        writer.Write(_forecast);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    internal void RestoreState(BinaryReader reader)
    {
        SessionState.Read(reader, _recent);
        _next = SessionState.ReadIndex(reader, _recent.Length);
        SessionState.Read(reader, _state);
        _forecast = reader.ReadSingle();
    }
}

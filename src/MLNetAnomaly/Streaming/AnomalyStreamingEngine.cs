using MLNetAnomaly.Core.Storage;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Schema;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly.Streaming;

/// <summary>
/// Scores one series a point at a time, keeping its state between calls: each <see cref="Predict(float)"/> is the
/// next point of the series, and gets the prediction <c>Transform</c> gives that row. <see cref="Checkpoint(Stream)"/> and
/// <see cref="Restore(Stream)"/> save and reload that state, so a service can stop and continue exactly where it left off
/// (<see cref="Checkpoint(string)"/> writes a file atomically: a crash never leaves half a checkpoint).
/// Made by <see cref="MLNetAnomalyCatalog.CreateStreamingEngine(Microsoft.ML.AnomalyDetectionCatalog, Microsoft.ML.ITransformer, StreamingEngineOptions?)"/>.
/// </summary>
/// <remarks>
/// Thread safety: an engine belongs to one series and one thread at a time. A call made while another call on the same
/// engine is still running (from another thread) throws <see cref="InvalidOperationException"/> instead of mixing the
/// two calls' state.
/// The fitted model behind it is only read, so any number of engines, on any threads, may share one model; keep the
/// model alive (undisposed) while its engines are in use. Disposing an engine releases its own state only.
/// </remarks>
public sealed class AnomalyStreamingEngine : IDisposable
{
    private readonly SequentialDetectorTransformer _model;
    private readonly bool _carry;
    private readonly DetectorOutput[] _output = new DetectorOutput[1];
    private readonly float[] _expected;
    private readonly ExclusiveUse _use = new(nameof(AnomalyStreamingEngine));
    private IDetectorSession _session;
    private bool _disposed;

    internal AnomalyStreamingEngine(SequentialDetectorTransformer model, StreamingEngineOptions options)
    {
        _model = model;
        _carry = options.CarryRecurrentState && model.Detector.SupportsIncremental;
        _expected = new float[model.Detector.Dimensions];
        _session = NewSession();
    }

    /// <summary>Values per point the engine expects (1 for a univariate series).</summary>
    public int Dimensions => _model.Detector.Dimensions;

    /// <summary>How many first points get the warm-up prediction before a full window of history exists.</summary>
    public int WarmUpLength => _model.Detector.WarmUpLength;

    /// <summary>Points predicted so far (since creation, the last <see cref="Reset"/>, or as restored).</summary>
    public long Position { get; private set; }

    /// <summary>True when this engine carries a recurrent network's state (see <see cref="StreamingEngineOptions.CarryRecurrentState"/>).</summary>
    public bool CarriesRecurrentState => _carry;

    /// <summary>Predicts the next point of a univariate series.</summary>
    /// <param name="value">The point's value; NaN or infinity is a missing value (score NaN, no alert).</param>
    public AnomalyPrediction Predict(float value) => Predict(new ReadOnlySpan<float>(in value));

    /// <summary>Predicts the next point: one value per dimension.</summary>
    /// <param name="point">The point's values, <see cref="Dimensions"/> of them.</param>
    public AnomalyPrediction Predict(ReadOnlySpan<float> point) => Predict(point, Span<float>.Empty);

    /// <summary>Predicts the next point and writes the detector's expected values for it.</summary>
    /// <param name="point">The point's values, <see cref="Dimensions"/> of them.</param>
    /// <param name="expectedValues">
    /// Empty, or room for <see cref="Dimensions"/> values: the forecast or reconstruction of each value in the
    /// input's units (NaN during warm-up and for detectors without expected values).
    /// </param>
    /// <exception cref="InvalidOperationException">Another call on this engine is running on another thread.</exception>
    public AnomalyPrediction Predict(ReadOnlySpan<float> point, Span<float> expectedValues)
    {
        using var exclusive = _use.Enter(nameof(Predict));
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (point.Length != Dimensions)
        {
            throw new ArgumentException($"The detector was fitted on {Dimensions} value(s) per point; {point.Length} were given.", nameof(point));
        }

        if (!expectedValues.IsEmpty && expectedValues.Length != Dimensions)
        {
            throw new ArgumentException($"expectedValues must be empty or hold {Dimensions} value(s); it holds {expectedValues.Length}.", nameof(expectedValues));
        }

        var wantsExpected = _model.Detector.ProvidesExpectedValues;
        _session.Score(point, _output, wantsExpected ? _expected : Span<float>.Empty);
        Position++;
        if (!expectedValues.IsEmpty)
        {
            if (wantsExpected)
            {
                _expected.CopyTo(expectedValues);
            }
            else
            {
                expectedValues.Fill(float.NaN);
            }
        }

        var output = _output[0];
        var expected = wantsExpected && Dimensions == 1 ? _expected[0] : double.NaN;
        return _model.ThirdSlotIsPValue
            ? new AnomalyPrediction(output.Alert > 0, output.Score, output.PValue, double.NaN, expected) { Martingale = _model.PredictionSize > PredictionColumn.Size ? output.Martingale : double.NaN }
            : new AnomalyPrediction(output.Alert > 0, output.Score, double.NaN, output.PValue, expected);
    }

    /// <summary>
    /// Writes the engine's state to <paramref name="stream"/> (a few kilobytes to tens of kilobytes; it does not
    /// include the model). <see cref="Restore(Stream)"/> on an engine of the same model continues exactly from here.
    /// </summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void Checkpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var exclusive = _use.Enter(nameof(Checkpoint));
        ObjectDisposedException.ThrowIf(_disposed, this);
        StreamingCheckpoint.Write(stream, _model, Position, _session);
    }

    /// <summary>
    /// Replaces this engine's state with a checkpoint written by <see cref="Checkpoint(Stream)"/> of an engine of the same
    /// model (fitted here or loaded from its file) and the same <see cref="StreamingEngineOptions.CarryRecurrentState"/>.
    /// The next prediction is then the one the checkpointed engine would have made next. On failure the engine keeps
    /// its state.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the checkpoint; it is left open.</param>
    /// <exception cref="InvalidDataException">The stream is not a checkpoint, is damaged or truncated, or belongs to another model.</exception>
    public void Restore(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var exclusive = _use.Enter(nameof(Restore));
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = NewSession();
        try
        {
            Position = StreamingCheckpoint.Read(stream, _model, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        _session.Dispose();
        _session = session;
    }

    /// <summary>
    /// Writes the engine's state to a file (see <see cref="Checkpoint(Stream)"/>), atomically: to a temporary file
    /// beside it, flushed to the disk, then moved over it. A failure, or a process killed during the write, leaves the
    /// previous checkpoint whole; a killed process may leave its hidden temporary (<c>.NAME.GUID.tmp.EXT</c>), which
    /// is safe to delete.
    /// </summary>
    /// <param name="filePath">The checkpoint file; its folder must exist.</param>
    public void Checkpoint(string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (Directory.Exists(filePath))
        {
            throw new ArgumentException($"'{filePath}' is a folder; give the checkpoint file's name.", nameof(filePath));
        }

        AtomicFile.Write(filePath, Checkpoint);
    }

    /// <summary>Continues from a checkpoint file written by <see cref="Checkpoint(string)"/> (see <see cref="Restore(Stream)"/>).</summary>
    /// <param name="filePath">The checkpoint file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, is damaged or truncated, or belongs to another model; the message names the file.</exception>
    public void Restore(string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!File.Exists(filePath))
        {
            throw new FileNotFoundException($"Checkpoint file '{filePath}' was not found.", filePath);
        }

        using var stream = File.OpenRead(filePath);
        try
        {
            Restore(stream);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"Checkpoint file '{filePath}': {exception.Message}", exception);
        }
    }

    /// <summary>Forgets every point seen: the next prediction is the first point of a new series.</summary>
    public void Reset()
    {
        using var exclusive = _use.Enter(nameof(Reset));
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = NewSession();
        _session.Dispose();
        _session = session;
        Position = 0;
    }

    /// <summary>Releases the engine's state (not the model).</summary>
    public void Dispose()
    {
        using var exclusive = _use.Enter(nameof(Dispose));
        if (!_disposed)
        {
            _session.Dispose();
            _disposed = true;
        }
    }

    private IDetectorSession NewSession() => _model.Detector.CreateSession(_carry ? ScoringMode.Incremental : ScoringMode.PointByPoint);
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Schema;

/// <summary>
/// A data view that adds one computed vector-of-double column to its source: the values were computed beforehand,
/// a row after another, and are served by row position. Used by batch detectors, which must see the whole series.
/// </summary>
internal sealed class AppendedColumnDataView : IDataView
{
    private readonly IDataView _source;
    private readonly double[] _values;
    private readonly int _width;

    internal AppendedColumnDataView(IDataView source, string name, IReadOnlyList<string> slotNames, double[] values)
    {
        _source = source;
        _values = values;
        _width = slotNames.Count;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        var annotations = new DataViewSchema.Annotations.Builder();
        var names = new VBuffer<ReadOnlyMemory<char>>(_width, slotNames.Select(n => n.AsMemory()).ToArray());
        annotations.AddSlotNames(_width, (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value));
        builder.AddColumn(name, new VectorDataViewType(NumberDataViewType.Double, _width), annotations.ToAnnotations());
        Schema = builder.ToSchema();
    }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public long? GetRowCount() => _values.Length / _width;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var source = _source.GetRowCursor(needed.Where(c => c.Index < _source.Schema.Count).Select(c => _source.Schema[c.Index]));
        return new Cursor(this, source, needed.Any(c => c.Index >= _source.Schema.Count));
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : AppendedColumnsCursor
    {
        private readonly AppendedColumnDataView _view;
        private readonly bool _active;

        internal Cursor(AppendedColumnDataView view, DataViewRowCursor source, bool active)
            : base(source, view.Schema)
        {
            _view = view;
            _active = active;
        }

        private protected override bool IsAppendedActive(DataViewSchema.Column column) => _active;

        private protected override ValueGetter<TValue> GetAppendedGetter<TValue>(DataViewSchema.Column column)
        {
            ValueGetter<VBuffer<double>> getter = (ref VBuffer<double> value) =>
            {
                var editor = VBufferEditor.Create(ref value, _view._width);
                _view._values.AsSpan((int)Source.Position * _view._width, _view._width).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return _active && getter is ValueGetter<TValue> typed
                ? typed
                : throw new InvalidOperationException($"Column '{column.Name}' holds VBuffer<double> and must be requested when the cursor is created.");
        }
    }
}

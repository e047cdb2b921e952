using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetAnomaly.ML.Schema;

/// <summary>
/// A cursor over a source cursor plus columns appended after the source's: the source's columns, position, batch
/// and ids pass through; subclasses serve the appended columns (schema indices from the source's column count on).
/// </summary>
internal abstract class AppendedColumnsCursor : DataViewRowCursor
{
    private readonly DataViewSchema _schema;
    private bool _disposed;

    private protected AppendedColumnsCursor(DataViewRowCursor source, DataViewSchema schema)
    {
        Source = source;
        _schema = schema;
    }

    public override DataViewSchema Schema => _schema;

    public override long Position => Source.Position;

    public override long Batch => Source.Batch;

    /// <summary>The cursor over the source's columns.</summary>
    private protected DataViewRowCursor Source { get; }

    public override ValueGetter<DataViewRowId> GetIdGetter() => Source.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column)
        => column.Index < Source.Schema.Count ? Source.IsColumnActive(Source.Schema[column.Index]) : IsAppendedActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        => column.Index < Source.Schema.Count ? Source.GetGetter<TValue>(Source.Schema[column.Index]) : GetAppendedGetter<TValue>(column);

    public override bool MoveNext() => Source.MoveNext();

    /// <summary>Whether an appended column was requested.</summary>
    private protected abstract bool IsAppendedActive(DataViewSchema.Column column);

    /// <summary>The getter of an appended column.</summary>
    private protected abstract ValueGetter<TValue> GetAppendedGetter<TValue>(DataViewSchema.Column column);

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            Source.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }
}

using System.CommandLine;
using MLNetAnomaly.Core.Data;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>
/// The <c>--time-order</c> option shared by the commands that read a series: what to do when the timestamps are not
/// strictly increasing (a row earlier than the one before it, or a repeated timestamp).
/// </summary>
internal static class TimeOrderOption
{
    /// <summary>Builds the option (default <c>check</c>).</summary>
    internal static Option<string> Create() => new Option<string>("--time-order")
    {
        Description = "Rows whose timestamps do not increase: check (refuse them, naming the line), sort (sort the rows by timestamp), or keep (take the file's order).",
        DefaultValueFactory = _ => "check",
    }.AcceptOnlyFromAmong("check", "sort", "keep");

    /// <summary>The option's value.</summary>
    internal static TimeOrder Value(ParseResult result, Option<string> option) => result.GetValue(option) switch
    {
        "sort" => TimeOrder.Sort,
        "keep" => TimeOrder.Keep,
        _ => TimeOrder.Check,
    };

    /// <summary>
    /// Adds <c>--timestamp-column</c> (see <see cref="TimestampColumn"/>) and <c>--time-order</c> to a command whose file
    /// may have no timestamps (<c>select</c>, <c>score</c>), for <see cref="Apply"/>.
    /// </summary>
    internal static (Option<string?> Column, Option<string> Order) AddOptionalTimestamps(Command command)
    {
        var column = TimestampColumn();
        var order = Create();
        command.Options.Add(column);
        command.Options.Add(order);
        return (column, order);
    }

    /// <summary>
    /// The timestamp column option of a command whose file may have no timestamps (<c>select</c>, <c>score</c>):
    /// unset, a column named <c>timestamp</c> is checked when there is one.
    /// </summary>
    internal static Option<string?> TimestampColumn() => new("--timestamp-column")
    {
        Description = "Name of the timestamp column, whose order --time-order checks (default: 'timestamp' when the file has one; a file without timestamps is taken in its order).",
    };

    /// <summary>
    /// Applies <paramref name="order"/> to <paramref name="table"/> by its timestamp column: the one named, which must
    /// exist, or else <c>timestamp</c> when present. Returns the table to read, sorted when asked.
    /// </summary>
    internal static CsvTable Apply(CsvTable table, string? timestampColumn, TimeOrder order)
    {
        var name = timestampColumn ?? "timestamp";
        if (timestampColumn is null && !table.Header.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return table;
        }

        return table.InTimeOrder(table.ColumnIndex(name), order).Table;
    }
}

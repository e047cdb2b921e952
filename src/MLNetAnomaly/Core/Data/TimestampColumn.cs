using System.Globalization;

namespace MLNetAnomaly.Core.Data;

/// <summary>How the fields of a timestamp column were read.</summary>
internal enum TimestampForm
{
    /// <summary>Dates and times as text: ISO 8601 (with or without an offset), NAB's <c>yyyy-MM-dd HH:mm:ss</c>, and the invariant culture's forms.</summary>
    DateTime,

    /// <summary>Numbers between 2000-01-01 and 2100-01-01 as Unix epoch seconds (fractions allowed).</summary>
    UnixSeconds,

    /// <summary>Numbers between 2000-01-01 and 2100-01-01 as Unix epoch milliseconds.</summary>
    UnixMilliseconds,

    /// <summary>Other whole numbers: row indexes or counters, with no calendar meaning.</summary>
    Index,

    /// <summary>Text that is none of the above, kept as labels in file order (only with <see cref="TimeOrder.Keep"/>).</summary>
    Text,
}

/// <summary>What to do with rows whose timestamps are not strictly increasing.</summary>
internal enum TimeOrder
{
    /// <summary>Refuse them: an error names the first such row and the fix.</summary>
    Check,

    /// <summary>Sort the rows by timestamp (stable: rows with equal timestamps keep their file order).</summary>
    Sort,

    /// <summary>
    /// Take the rows in file order, as NAB takes its own files (some repeat an hour at a clock change); timestamps that
    /// do not parse are kept as text labels.
    /// </summary>
    Keep,
}

/// <summary>
/// A timestamp column parsed and checked: every field a timestamp of one form (<see cref="TimestampForm"/>), in
/// strictly increasing order unless the caller keeps the file's order. An index is held as that many ticks after the Unix epoch, which keeps its order and
/// its differences; only the form says it has no calendar meaning.
/// </summary>
/// <param name="Times">The timestamps, in UTC.</param>
/// <param name="Form">How the fields were read.</param>
internal sealed record TimestampColumn(DateTime[] Times, TimestampForm Form)
{
    private const double FirstEpochSecond = 946_684_800; // 2000-01-01T00:00:00Z
    private const double LastEpochSecond = 4_102_444_800; // 2100-01-01T00:00:00Z

    private static readonly string[] ExtraFormats =
    {
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy/MM/dd HH:mm:ss.FFFFFFF", "yyyy/MM/dd HH:mm",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy", "yyyyMMddTHHmmss",
    };

    /// <summary>
    /// Reads column <paramref name="column"/> of <paramref name="table"/>. Every error is an
    /// <see cref="InvalidDataException"/> naming the file, the line, the column and the text: an empty field, a
    /// field not of the column's form, and, when <paramref name="requireOrder"/>, a row whose timestamp is not later
    /// than the row before it (a repeat, or an earlier time) with the fix.
    /// </summary>
    internal static TimestampColumn Read(CsvTable table, int column, bool requireOrder = true)
    {
        var fields = table.Rows.Select(row => row[column].Trim()).ToArray();
        var form = FormOf(fields);
        var times = new DateTime[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Length == 0)
            {
                throw new InvalidDataException($"{table.Path}, line {table.LineNumbers[i]}: column '{table.Header[column]}' is empty; every row needs a timestamp.");
            }

            if (!TryParse(fields[i], form, out times[i]))
            {
                throw new InvalidDataException(
                    $"{table.Path}, line {table.LineNumbers[i]}: '{fields[i]}' in column '{table.Header[column]}' is not a timestamp of the column's form ({Describe(form)}, as on line {table.LineNumbers[0]}). The CLI's --time-order keep takes the rows in file order with such a column as plain text.");
            }

            if (requireOrder && i > 0 && times[i] <= times[i - 1])
            {
                var problem = times[i] == times[i - 1]
                    ? $"repeats the timestamp '{fields[i]}' of line {table.LineNumbers[i - 1]}"
                    : $"'{fields[i]}' is earlier than '{fields[i - 1]}' on line {table.LineNumbers[i - 1]}";
                throw new InvalidDataException(
                    $"{table.Path}, line {table.LineNumbers[i]}: column '{table.Header[column]}' {problem}. The rows must be in time order with each timestamp once: sort the file by '{table.Header[column]}' and merge or drop repeated rows (the CLI's --time-order sort sorts them for you; --time-order keep takes the file as it is).");
            }
        }

        return new TimestampColumn(times, form);
    }

    /// <summary>
    /// The column as text labels in file order, for <see cref="TimeOrder.Keep"/> when it does not parse: each row's time
    /// is its position, so order-dependent code still sees increasing times.
    /// </summary>
    internal static TimestampColumn AsText(CsvTable table)
        => new(Enumerable.Range(0, table.Rows.Count).Select(i => DateTime.UnixEpoch.AddTicks(i)).ToArray(), TimestampForm.Text);

    /// <summary>A phrase naming <paramref name="form"/> for messages and descriptions.</summary>
    internal static string Describe(TimestampForm form) => form switch
    {
        TimestampForm.DateTime => "dates and times",
        TimestampForm.UnixSeconds => "Unix epoch seconds",
        TimestampForm.UnixMilliseconds => "Unix epoch milliseconds",
        TimestampForm.Text => "text labels",
        _ => "whole-number indexes",
    };

    // The form is decided by the whole column, so one field cannot switch a column of indexes to epoch seconds.
    private static TimestampForm FormOf(string[] fields)
    {
        var numbers = new List<double>(fields.Length);
        foreach (var field in fields)
        {
            if (field.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                return TimestampForm.DateTime;
            }

            numbers.Add(number);
        }

        if (numbers.Count > 0 && numbers.All(n => n >= FirstEpochSecond && n < LastEpochSecond))
        {
            return TimestampForm.UnixSeconds;
        }

        if (numbers.Count > 0 && numbers.All(n => n >= FirstEpochSecond * 1000 && n < LastEpochSecond * 1000))
        {
            return TimestampForm.UnixMilliseconds;
        }

        return TimestampForm.Index;
    }

    private static bool TryParse(string text, TimestampForm form, out DateTime time)
    {
        time = default;
        switch (form)
        {
            case TimestampForm.DateTime:
                const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
                // The exact forms first: the lenient parser would read a dotted day-first date month first.
                return DateTime.TryParseExact(text, ExtraFormats, CultureInfo.InvariantCulture, styles, out time)
                    || DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out time);
            case TimestampForm.UnixSeconds or TimestampForm.UnixMilliseconds:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
                {
                    return false;
                }

                var seconds = form == TimestampForm.UnixSeconds ? epoch : epoch / 1000;
                time = DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
                return true;
            default:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
                    || index < -DateTime.UnixEpoch.Ticks || index > DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks)
                {
                    return false;
                }

                time = DateTime.UnixEpoch.AddTicks(index);
                return true;
        }
    }
}

using MLNetAnomaly.Core.Data;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests.Core.Data;

/// <summary>Timestamps are parsed in every common form and their order is checked, sorted or kept on request.</summary>
public sealed class TimestampColumnTests
{
    [Theory]
    [InlineData("2014-04-01 00:00:00", "2014-04-01 00:05:00", "2014-04-01T00:05:00Z")] // NAB's form
    [InlineData("2014-04-01T00:00:00Z", "2014-04-01T00:05:00Z", "2014-04-01T00:05:00Z")]
    [InlineData("2014-04-01T02:00:00+02:00", "2014-04-01T02:05:00+02:00", "2014-04-01T00:05:00Z")]
    [InlineData("2014-04-01 00:00:00.250", "2014-04-01 00:05:00.250", "2014-04-01T00:05:00.25Z")]
    [InlineData("04/01/2014 00:00", "04/01/2014 00:05", "2014-04-01T00:05:00Z")] // invariant culture: month first
    [InlineData("01.04.2014 00:00:00", "01.04.2014 00:05:00", "2014-04-01T00:05:00Z")] // dotted: day first
    [InlineData("2014-04-01", "2014-04-02", "2014-04-02T00:00:00Z")]
    [InlineData("1396310400", "1396310700", "2014-04-01T00:05:00Z")] // Unix epoch seconds
    [InlineData("1396310400.5", "1396310700.5", "2014-04-01T00:05:00.5Z")]
    [InlineData("1396310400000", "1396310700000", "2014-04-01T00:05:00Z")] // Unix epoch milliseconds
    public void ParsesTheCommonForms(string first, string second, string secondAsUtc)
    {
        var column = Read(first, second);

        Assert.Equal(DateTime.Parse(secondAsUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), column.Times[1]);
        Assert.Equal(DateTimeKind.Utc, column.Times[1].Kind);
    }

    [Fact]
    public void WholeNumbersOutsideTheEpochRangeAreIndexesThatKeepTheirOrder()
    {
        var column = Read("0", "1", "2", "10");

        Assert.Equal(TimestampForm.Index, column.Form);
        Assert.Equal(new long[] { 0, 1, 2, 10 }, column.Times.Select(t => (t - DateTime.UnixEpoch).Ticks));
    }

    [Fact]
    public void TheFormIsTheWholeColumnsNotOneFieldsGuess()
    {
        // 5 and 1,396,310,400 are both whole numbers: one column, one form (indexes), not seconds for one row.
        Assert.Equal(TimestampForm.Index, Read("5", "1396310400").Form);
        Assert.Equal(TimestampForm.UnixSeconds, Read("1396310400", "1396310460").Form);
    }

    [Theory]
    [InlineData(new[] { "2014-04-01 00:05:00", "2014-04-01 00:00:00" }, "line 3", "earlier than '2014-04-01 00:05:00' on line 2")]
    [InlineData(new[] { "2014-04-01 00:00:00", "2014-04-01 00:00:00" }, "line 3", "repeats the timestamp '2014-04-01 00:00:00' of line 2")]
    [InlineData(new[] { "3", "2" }, "line 3", "earlier than '3'")]
    public void RowsOutOfOrderAreRefusedNamingTheLineAndTheFix(string[] fields, string line, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(fields));

        Assert.Contains(line, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains("sort the file by 'timestamp'", error.Message);
    }

    [Theory]
    [InlineData(new[] { "2014-04-01 00:00:00", "yesterday" }, "line 3: 'yesterday' in column 'timestamp' is not a timestamp of the column's form (dates and times")]
    [InlineData(new[] { "2014-04-01 00:00:00", "" }, "line 3: column 'timestamp' is empty")]
    [InlineData(new[] { "1", "2.5" }, "line 3: '2.5' in column 'timestamp' is not a timestamp of the column's form (whole-number indexes")]
    [InlineData(new[] { "t0", "t1" }, "line 2: 't0' in column 'timestamp' is not a timestamp")]
    public void FieldsThatAreNoTimestampAreRefusedNamingTheLine(string[] fields, string message)
        => Assert.Contains(message, Assert.Throws<InvalidDataException>(() => Read(fields)).Message);

    [Fact]
    public void SortingIsStableAndKeepsEachRowsLineForMessages()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllLines(folder.File("s.csv"), new[] { "timestamp,value", "3,c", "1,a", "3,d", "2,b", "1,x" });
        var table = CsvTable.Read(folder.File("s.csv"));

        var (sorted, timestamps) = table.InTimeOrder(0, TimeOrder.Sort);

        Assert.Equal(new[] { "a", "x", "b", "c", "d" }, sorted.Rows.Select(r => r[1]));
        Assert.Equal(new[] { 3, 6, 5, 2, 4 }, sorted.LineNumbers);
        Assert.Equal(new long[] { 1, 1, 2, 3, 3 }, timestamps.Times.Select(t => (t - DateTime.UnixEpoch).Ticks));
        Assert.Same(table, table.InTimeOrder(0, TimeOrder.Keep).Table);
        Assert.Throws<InvalidDataException>(() => table.InTimeOrder(0, TimeOrder.Check));
    }

    private static TimestampColumn Read(params string[] fields)
    {
        using var folder = new TemporaryFolder();
        File.WriteAllLines(folder.File("series.csv"), new[] { "timestamp,value" }.Concat(fields.Select(f => (f.Contains(',') ? $"\"{f}\"" : f) + ",1")));
        return CsvTable.Read(folder.File("series.csv")).Timestamps(0);
    }
}

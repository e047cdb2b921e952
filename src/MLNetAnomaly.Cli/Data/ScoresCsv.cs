using System.Globalization;

namespace MLNetAnomaly.Cli.Data;

/// <summary>
/// Writes scored points as CSV: timestamp,value,alert,score,p_value and, when given, expected; numbers in round-trip
/// form.
/// </summary>
internal static class ScoresCsv
{
    /// <summary>Writes <paramref name="points"/> to <paramref name="path"/> (atomically: <see cref="SafeFile"/>).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="points">The scored points, in order.</param>
    /// <param name="expected">Optionally, each point's expected value, written as a last column.</param>
    internal static void Write(string path, IReadOnlyList<ScoredPoint> points, IReadOnlyList<float>? expected = null)
        => SafeFile.WriteText(path, writer => Write(writer, points, expected));

    private static void Write(TextWriter writer, IReadOnlyList<ScoredPoint> points, IReadOnlyList<float>? expected)
    {
        writer.WriteLine(expected is null ? "timestamp,value,alert,score,p_value" : "timestamp,value,alert,score,p_value,expected");
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            writer.Write(point.Timestamp);
            writer.Write(',');
            writer.Write(point.Value.ToString("R", CultureInfo.InvariantCulture));
            foreach (var slot in point.Prediction)
            {
                writer.Write(',');
                writer.Write(slot.ToString("R", CultureInfo.InvariantCulture));
            }

            if (expected is not null)
            {
                writer.Write(',');
                writer.Write(expected[i].ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine();
        }
    }
}

using System.Globalization;

namespace MLNetAnomaly.Cli.Data;

/// <summary>Writes scored points as CSV: timestamp,value,alert,score,p_value, numbers in round-trip form.</summary>
internal static class ScoresCsv
{
    /// <summary>Writes <paramref name="points"/> to <paramref name="path"/>.</summary>
    internal static void Write(string path, IEnumerable<ScoredPoint> points)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("timestamp,value,alert,score,p_value");
        foreach (var point in points)
        {
            writer.Write(point.Timestamp);
            writer.Write(',');
            writer.Write(point.Value.ToString("R", CultureInfo.InvariantCulture));
            foreach (var slot in point.Prediction)
            {
                writer.Write(',');
                writer.Write(slot.ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine();
        }
    }
}

using System.Globalization;

namespace MLNetAnomaly.Cli.Data;

/// <summary>Prints the highest-scoring points as an aligned table.</summary>
internal static class TopAnomalies
{
    /// <summary>Prints the <paramref name="count"/> points with the highest score.</summary>
    internal static void Print(IReadOnlyList<ScoredPoint> points, int count)
    {
        var top = points.Where(p => double.IsFinite(p.Prediction[1]))
            .OrderByDescending(p => p.Prediction[1])
            .Take(Math.Max(count, 0))
            .ToList();
        Console.WriteLine($"Top {top.Count} anomalies by score:");
        Console.WriteLine($"{"rank",4}  {"timestamp",-20}  {"value",12}  {"score",8}  {"p-value",8}  alert");
        for (var i = 0; i < top.Count; i++)
        {
            var p = top[i];
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,4}  {1,-20}  {2,12:G6}  {3,8:F2}  {4,8:G3}  {5}",
                i + 1,
                p.Timestamp,
                p.Value,
                p.Prediction[1],
                p.Prediction[2],
                p.Prediction[0] > 0 ? "yes" : "no"));
        }
    }
}

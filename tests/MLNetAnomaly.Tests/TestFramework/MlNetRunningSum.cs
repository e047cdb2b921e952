namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// Where ML.NET's kernel p-values drift: its IID and SSA detectors keep the sum of squared pairwise differences of the
/// raw-score history as a running sum, adding new pairs in double but removing old ones from differences taken in
/// single precision, so after a large score has come and gone the sum (and the kernel bandwidth from it) no longer
/// matches the history. Ours recomputes the bandwidth from the history (a deliberate departure, docs/detectors.md);
/// this replays ML.NET's arithmetic on the official raw scores to tell the rows where the two bandwidths differ.
/// </summary>
internal static class MlNetRunningSum
{
    /// <summary>
    /// For each row, true when ML.NET's bandwidth for that row's p-value differs from the exact one by more than
    /// <paramref name="relative"/> (or is NaN).
    /// </summary>
    internal static bool[] DriftedRows(IReadOnlyList<double> rawScores, int history, double relative = 1e-6)
    {
        var buffer = new Queue<float>();
        var sum = 0.0;
        var drifted = new bool[rawScores.Count];
        for (var row = 0; row < rawScores.Count; row++)
        {
            var score = (float)rawScores[row];
            var n = buffer.Count;
            if (n > 1)
            {
                var items = buffer.ToArray();
                var mean = items.Average(v => (double)v);
                var exact = Math.Sqrt(items.Sum(v => (v - mean) * (v - mean)) / n);
                var official = Math.Sqrt(sum) / n;
                drifted[row] = double.IsNaN(official) || Math.Abs(official - exact) > relative * Math.Max(exact, 1e-300);
            }

            foreach (var old in buffer)
            {
                var difference = (double)score - old;
                sum += difference * difference;
            }

            if (n == history)
            {
                var items = buffer.ToArray();
                for (var i = 1; i < n; i++)
                {
                    double difference = items[0] - items[i];
                    sum -= difference * difference;
                }

                double last = items[0] - (double)score; // ML.NET takes this one in double: its raw score is a double parameter
                sum -= last * last;
                buffer.Dequeue();
            }

            buffer.Enqueue(score);
        }

        return drifted;
    }
}

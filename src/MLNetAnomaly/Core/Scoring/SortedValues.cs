namespace MLNetAnomaly.Core.Scoring;

/// <summary>Searches in ascending arrays, shared by the calibrations.</summary>
internal static class SortedValues
{
    /// <summary>The first index whose value is at least <paramref name="value"/> (the length when there is none).</summary>
    internal static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

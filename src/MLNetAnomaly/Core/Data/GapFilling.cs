namespace MLNetAnomaly.Core.Data;

/// <summary>Fills the gaps (NaN or infinite values) of a row-major series, for training through them.</summary>
internal static class GapFilling
{
    /// <summary>
    /// A copy of <paramref name="values"/> (row-major, <paramref name="dimensions"/> per row) where each non-finite value
    /// takes the last finite value before it in its dimension, and leading ones the first finite value; with the
    /// number of rows that had a gap. Null when some dimension has no finite value at all.
    /// </summary>
    internal static (float[] Filled, int RowsWithGaps)? CarryForward(ReadOnlySpan<float> values, int dimensions)
    {
        var rows = values.Length / dimensions;
        var filled = values.ToArray();
        var gapRows = new bool[rows];
        for (var d = 0; d < dimensions; d++)
        {
            var first = -1;
            for (var r = 0; r < rows && first < 0; r++)
            {
                if (float.IsFinite(values[(r * dimensions) + d]))
                {
                    first = r;
                }
            }

            if (first < 0)
            {
                return null;
            }

            var last = values[(first * dimensions) + d];
            for (var r = 0; r < rows; r++)
            {
                var i = (r * dimensions) + d;
                if (float.IsFinite(values[i]))
                {
                    last = values[i];
                }
                else
                {
                    filled[i] = last;
                    gapRows[r] = true;
                }
            }
        }

        return (filled, gapRows.Count(g => g));
    }
}

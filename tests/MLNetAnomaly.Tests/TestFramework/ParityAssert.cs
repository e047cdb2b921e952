namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>Compares our outputs with the official ML.NET detectors', reporting the first rows that differ.</summary>
internal static class ParityAssert
{
    /// <summary>
    /// Every row of <paramref name="actual"/> equals <paramref name="expected"/> within <paramref name="relative"/>
    /// (relative to the larger magnitude), NaN exactly where NaN is expected; rows in <paramref name="skip"/> are not
    /// compared.
    /// </summary>
    internal static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, string what, Func<int, bool>? skip = null)
    {
        Assert.Equal(expected.Count, actual.Count);
        var bad = new List<string>();
        for (var i = 0; i < expected.Count; i++)
        {
            if (skip?.Invoke(i) == true)
            {
                continue;
            }

            var (want, got) = (expected[i], actual[i]);
            var same = double.IsNaN(want) ? double.IsNaN(got) : want == got || Math.Abs(want - got) <= relative * Math.Max(Math.Abs(want), Math.Abs(got));
            if (!same)
            {
                bad.Add($"row {i}: ML.NET {want:R}, ours {got:R}");
            }
        }

        Assert.True(bad.Count == 0, $"{what}: {bad.Count} of {expected.Count} rows differ by more than {relative:G2} relative; first: {string.Join("; ", bad.Take(5))}");
    }

    /// <summary>The same alerts in every row (0 or 1), rows in <paramref name="skip"/> excepted.</summary>
    internal static void SameAlerts(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what, Func<int, bool>? skip = null)
    {
        Assert.Equal(expected.Count, actual.Count);
        var differ = Enumerable.Range(0, expected.Count).Where(i => skip?.Invoke(i) != true && expected[i] != actual[i]).ToList();
        Assert.True(differ.Count == 0, $"{what}: alerts differ in {differ.Count} rows; first: {string.Join(", ", differ.Take(10).Select(i => $"row {i} (ML.NET {expected[i]}, ours {actual[i]})"))}");
    }
}

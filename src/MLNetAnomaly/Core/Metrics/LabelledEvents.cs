namespace MLNetAnomaly.Core.Metrics;

/// <summary>An event: the half-open range [Start, End) of consecutive flagged points.</summary>
/// <param name="Start">First index in the event.</param>
/// <param name="End">One past the last index.</param>
internal readonly record struct SeriesEvent(int Start, int End)
{
    /// <summary>Whether any index in [Start, End) is set in <paramref name="flags"/>.</summary>
    internal bool AnySet(ReadOnlySpan<bool> flags) => flags[Start..End].Contains(true);

    /// <summary>Whether the two ranges share at least one index.</summary>
    internal bool Overlaps(SeriesEvent other) => Start < other.End && other.Start < End;
}

/// <summary>Splits point flags into events: each maximal run of set flags is one event.</summary>
internal static class LabelledEvents
{
    /// <summary>The runs of consecutive set flags, in order.</summary>
    internal static IReadOnlyList<SeriesEvent> Runs(ReadOnlySpan<bool> flags)
    {
        var events = new List<SeriesEvent>();
        var start = -1;
        for (var i = 0; i < flags.Length; i++)
        {
            if (flags[i] && start < 0)
            {
                start = i;
            }
            else if (!flags[i] && start >= 0)
            {
                events.Add(new SeriesEvent(start, i));
                start = -1;
            }
        }

        if (start >= 0)
        {
            events.Add(new SeriesEvent(start, flags.Length));
        }

        return events;
    }
}

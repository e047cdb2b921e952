using Spectre.Console;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>Reads scored rows behind a progress bar, so long scoring (SR on a million rows takes minutes) is not silent.</summary>
internal static class ScoringProgressBar
{
    private const int Step = 1_000;

    /// <summary>Reads every row of <paramref name="rows"/> (<paramref name="total"/> of them) into a list, showing progress.</summary>
    internal static List<T> Read<T>(IEnumerable<T> rows, int total)
    {
        // Redirected output (a script, a pipe) gets no progress lines among the results.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return rows.ToList();
        }

        var list = new List<T>(total);
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("scoring", maxValue: Math.Max(total, 1));
                foreach (var row in rows)
                {
                    list.Add(row);
                    if (list.Count % Step == 0)
                    {
                        task.Value = list.Count;
                    }
                }

                task.Value = task.MaxValue;
            });

        return list;
    }
}

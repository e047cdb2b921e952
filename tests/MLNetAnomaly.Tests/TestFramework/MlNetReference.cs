using System.Globalization;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// One file of ../shared/data/mlnet-reference: an input series and, for every row, the outputs of the official
/// ML.NET 5.0.1 detectors under the configurations its README lists, read by column name.
/// </summary>
internal sealed class MlNetReference
{
    private readonly Dictionary<string, double[]> _columns;

    private MlNetReference(string name, Dictionary<string, double[]> columns)
    {
        Name = name;
        _columns = columns;
    }

    /// <summary>The names of the ten reference files (without ".reference.csv"), as xunit data.</summary>
    internal static TheoryData<string> Names => new()
    {
        "nyc_taxi", "ambient_temperature_system_failure", "cpu_utilization_asg_misconfiguration", "ec2_cpu_utilization_5f5533",
        "exchange-2_cpc_results", "occupancy_6005", "art_daily_jumpsup", "art_daily_small_noise", "Twitter_volume_AAPL", "synthetic",
    };

    /// <summary>The series' name.</summary>
    internal string Name { get; }

    /// <summary>Rows in the series.</summary>
    internal int Length => Values.Length;

    /// <summary>The input values, as parsed (double).</summary>
    internal double[] Values => _columns["value"];

    /// <summary>The input as the single-precision detectors received it.</summary>
    internal float[] Floats => Values.Select(v => (float)v).ToArray();

    /// <summary>A column of outputs, such as "iid_spike_h30_pvalue" (NaN where the official detector gave NaN).</summary>
    internal double[] Column(string name)
        => _columns.TryGetValue(name, out var column) ? column : throw new ArgumentException($"The reference file {Name} has no column '{name}'.", nameof(name));

    /// <summary>Reads <paramref name="name"/>'s file; skips the calling test when the reference folder is absent.</summary>
    internal static MlNetReference LoadOrSkip(string name) => Load(name, Path.Combine(SharedData.MlNetReferenceOrSkip(), name + ".reference.csv"));

    /// <summary>
    /// The excerpt kept with the tests (Fixtures/MlNetReference: the first 500 rows of the synthetic series, IID spike
    /// with history 30 and SR), so the parity checks also run where ../shared is absent.
    /// </summary>
    internal static MlNetReference Bundled()
        => Load("synthetic (first 500 rows)", Path.Combine(AppContext.BaseDirectory, "Fixtures", "MlNetReference", "synthetic-head.reference.csv"));

    /// <summary>
    /// The whole synthetic series with the official SR entire outputs in its three modes (Fixtures/MlNetReference), so
    /// the whole-series detector's parity is also checked where ../shared is absent.
    /// </summary>
    internal static MlNetReference BundledSrEntire()
        => Load("synthetic (SR entire columns)", Path.Combine(AppContext.BaseDirectory, "Fixtures", "MlNetReference", "synthetic-sr-entire.reference.csv"));

    private static MlNetReference Load(string name, string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var first = header[0] == "timestamp" ? 1 : 0;
        var columns = header.Skip(first).ToDictionary(h => h, _ => new double[lines.Length - 1]);
        for (var row = 1; row < lines.Length; row++)
        {
            var fields = lines[row].Split(',');
            for (var c = first; c < header.Length; c++)
            {
                columns[header[c]][row - 1] = double.Parse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return new MlNetReference(name, columns);
    }
}

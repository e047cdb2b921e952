using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;

[assembly: LoadableClass(typeof(DetectorEnsembleTransformer), null, typeof(SignatureLoadModel), "Detector ensemble", DetectorEnsembleTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Several fitted detectors as one: each member's scores are calibrated against the values it gave its training
/// series, and the ensemble's Score is their mean, in [0, 1) and comparable across detectors and series; P-Value is
/// 1 − Score, and Alert is set where at least half of the members alert. Made by detector selection
/// (<see cref="DetectorSelectionOptions.EnsembleSize"/>, <see cref="DetectorSelectionOptions.CalibrateScores"/>);
/// saves and loads with its members inside.
/// </summary>
public sealed class DetectorEnsembleTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyEnsemble";
    private const string Name = "detector ensemble";
    private const uint FirstFormat = 0x00010001;

    private DetectorEnsembleTransformer(string input, string output, IReadOnlyList<SequentialDetectorTransformer> members, IReadOnlyList<EnsembleMember> calibrated)
        : base(input, output, new EnsembleDetector(calibrated, members))
    {
        Members = members;
    }

    /// <summary>The member detectors, best first.</summary>
    public IReadOnlyList<SequentialDetectorTransformer> Members { get; }

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private EnsembleDetector Ensemble => (EnsembleDetector)Detector;

    /// <summary>
    /// Combines fitted detectors that read <paramref name="inputColumnName"/>, calibrating each on
    /// <paramref name="trainingValues"/> (the series they were fitted on).
    /// </summary>
    internal static DetectorEnsembleTransformer Create(string inputColumnName, string outputColumnName, IReadOnlyList<(SequentialDetectorTransformer Member, RankKind Rank)> members, float[] trainingValues)
    {
        var calibrated = members.Select(m => new EnsembleMember(m.Member.Detector, m.Rank, new RankCalibration(RankValues(m.Member.Detector, m.Rank, trainingValues)))).ToList();
        return new DetectorEnsembleTransformer(inputColumnName, outputColumnName, members.Select(m => m.Member).ToList(), calibrated);
    }

    private static IEnumerable<double> RankValues(IFittedDetector detector, RankKind rank, float[] values)
    {
        var outputs = new DetectorOutput[values.Length];
        using (var session = detector.CreateSession(streaming: false))
        {
            session.Score(values, outputs, Span<float>.Empty);
        }

        return outputs.Skip(detector.WarmUpLength).Select(o => rank.Of(o));
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLNAENSM",
        verWrittenCur: FirstFormat,
        verReadableCur: FirstFormat,
        verWeCanReadBack: FirstFormat,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(DetectorEnsembleTransformer).Assembly.FullName);

    // Payload after the column names: int32 member count; per member, the member model in sub-folder "MemberN",
    // int32 rank kind, int32 n, n float32 sorted calibration values.
    private protected override void SaveDetector(ModelSaveContext ctx)
    {
        ctx.Writer.Write(Members.Count);
        for (var i = 0; i < Members.Count; i++)
        {
            ctx.SaveModel(Members[i], $"Member{i}");
            var member = Ensemble.Members[i];
            ctx.Writer.Write((int)member.Rank);
            ctx.Writer.Write(member.Calibration.Sorted.Count);
            foreach (var value in member.Calibration.Sorted)
            {
                ctx.Writer.Write(value);
            }
        }
    }

    private static DetectorEnsembleTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (input, output) = LoadColumns(ctx, GetVersionInfo(), Name);
        var reader = ctx.Reader;
        var count = ModelFormat.Read(Name, reader.ReadInt32);
        if (count < 1 || count > 1000)
        {
            throw new InvalidDataException($"The {Name} in the model file is damaged: it lists {count} members.");
        }

        var members = new List<SequentialDetectorTransformer>();
        var calibrated = new List<EnsembleMember>();
        for (var i = 0; i < count; i++)
        {
            ctx.LoadModel<ITransformer, SignatureLoadModel>(env, out var loaded, $"Member{i}");
            var member = loaded as SequentialDetectorTransformer
                ?? throw new InvalidDataException($"The {Name} in the model file is damaged: member {i} is a {loaded.GetType().Name}, not a detector.");
            var (rank, sorted) = ModelFormat.Read(Name, () =>
            {
                var kind = (RankKind)reader.ReadInt32();
                var n = reader.ReadInt32();
                if (n < 1 || n > reader.BaseStream.Length / sizeof(float))
                {
                    throw new InvalidDataException($"The {Name} in the model file is damaged: member {i} lists {n} calibration values.");
                }

                var values = new float[n];
                for (var k = 0; k < n; k++)
                {
                    values[k] = reader.ReadSingle();
                }

                return (kind, values);
            });
            members.Add(member);
            calibrated.Add(new EnsembleMember(member.Detector, rank, RankCalibration.FromSorted(sorted)));
        }

        return new DetectorEnsembleTransformer(input, output, members, calibrated);
    }
}

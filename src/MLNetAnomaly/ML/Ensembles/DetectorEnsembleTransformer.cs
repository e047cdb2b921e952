using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetAnomaly;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Persistence;

[assembly: LoadableClass(typeof(DetectorEnsembleTransformer), null, typeof(SignatureLoadModel), "Detector ensemble", DetectorEnsembleTransformer.LoaderSignature)]

namespace MLNetAnomaly;

/// <summary>
/// Several fitted detectors as one: each member's raw scores go through its own post-processing chain, so their
/// scores share one scale, and the ensemble's Score is their mean (P-Value the p-value of that score on the same
/// scale); Alert is set where at least half of the members alert. Made by detector selection
/// (<see cref="Selection.DetectorSelectionOptions.EnsembleSize"/>); saves and loads with its members inside.
/// </summary>
public sealed class DetectorEnsembleTransformer : SequentialDetectorTransformer
{
    internal const string LoaderSignature = "MLNetAnomalyEnsemble";
    private const string Name = "detector ensemble";

    private DetectorEnsembleTransformer(string input, string output, IReadOnlyList<SequentialDetectorTransformer> members)
        : base(input, output, new EnsembleDetector(members.Select(m => m.Detector).ToList(), members))
    {
        Members = members;
    }

    /// <summary>The member detectors, best first.</summary>
    public IReadOnlyList<SequentialDetectorTransformer> Members { get; }

    private protected override string ComponentName => Name;

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    /// <summary>
    /// Combines fitted detectors that read <paramref name="inputColumnName"/>; each must have a post-processing chain
    /// (the managed built-ins need <c>PostProcessing</c> set).
    /// </summary>
    internal static DetectorEnsembleTransformer Create(string inputColumnName, string outputColumnName, IReadOnlyList<SequentialDetectorTransformer> members)
        => new(inputColumnName, outputColumnName, members);

    private static VersionInfo GetVersionInfo() => ModelFormat.Version("MLNAENSM", LoaderSignature, typeof(DetectorEnsembleTransformer));

    // Besides the payload, each member is a model of its own in sub-folder "MemberN" (with its own digest).
    private protected override void SaveValues(ModelValues values, ModelSaveContext ctx)
    {
        values.Set("Members", Members.Count);
        for (var i = 0; i < Members.Count; i++)
        {
            ctx.SaveModel(Members[i], $"Member{i}");
        }
    }

    private static DetectorEnsembleTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var values = LoadValues(ctx, GetVersionInfo(), Name);
        var (input, output, _) = ReadColumns(values);
        var count = values.RequiredInt("Members");
        if (count < 1 || count > 1000)
        {
            throw values.Damaged($"it lists {count} members");
        }

        var members = new List<SequentialDetectorTransformer>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                ctx.LoadModel<ITransformer, SignatureLoadModel>(env, out var loaded, $"Member{i}");
                members.Add(loaded as SequentialDetectorTransformer ?? throw values.Damaged($"member {i} is a {loaded.GetType().Name}, not a detector"));
            }

            return new DetectorEnsembleTransformer(input, output, members);
        }
        catch (Exception exception)
        {
            // The members loaded so far hold native networks: release them before failing.
            foreach (var member in members)
            {
                member.Dispose();
            }

            if (exception is ArgumentException argument)
            {
                throw values.Damaged(argument.Message, argument);
            }

            throw;
        }
    }
}

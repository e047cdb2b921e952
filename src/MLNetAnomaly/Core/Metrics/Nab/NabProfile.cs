namespace MLNetAnomaly.Core.Metrics.Nab;

/// <summary>
/// One of NAB's scoring profiles: the weights of a true positive, a false positive and a false negative
/// (Lavin and Ahmad, "Evaluating Real-time Anomaly Detection Algorithms - the Numenta Anomaly Benchmark", ICMLA 2015).
/// </summary>
/// <param name="Name">The profile's name as NAB writes it.</param>
/// <param name="TruePositiveWeight">Reward of the best-placed detection in a window.</param>
/// <param name="FalsePositiveWeight">Cost scale of a detection outside every window.</param>
/// <param name="FalseNegativeWeight">Cost of a window with no detection.</param>
internal sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight)
{
    /// <summary>The standard profile.</summary>
    internal static readonly NabProfile Standard = new("standard", 1.0, 0.11, 1.0);

    /// <summary>Rewards detectors with few false positives.</summary>
    internal static readonly NabProfile RewardLowFalsePositives = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /// <summary>Rewards detectors with few false negatives.</summary>
    internal static readonly NabProfile RewardLowFalseNegatives = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /// <summary>The three profiles, in NAB's order.</summary>
    internal static readonly IReadOnlyList<NabProfile> All = new[] { Standard, RewardLowFalsePositives, RewardLowFalseNegatives };
}

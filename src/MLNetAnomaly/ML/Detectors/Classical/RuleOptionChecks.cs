using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>
/// The checks of the options ML.NET's two scoring rules take, shared by the IID and SSA detectors' options (their
/// properties have the same names, which the errors give).
/// </summary>
internal static class RuleOptionChecks
{
    /// <summary>The spike rule's options: Confidence, PValueHistoryLength and Side.</summary>
    internal static void Spike(double confidence, int pvalueHistoryLength, SpikeSide side)
    {
        Guard.Between(confidence, 0, 100, "Confidence");
        Guard.AtLeast(pvalueHistoryLength, 2, "PValueHistoryLength");
        if (!Enum.IsDefined(side))
        {
            throw new ArgumentOutOfRangeException("Side", side, "Side must be TwoSided, Positive or Negative.");
        }
    }

    /// <summary>The change point rule's options: Confidence, ChangeHistoryLength, PowerMartingaleEpsilon and Martingale.</summary>
    internal static void ChangePoint(double confidence, int changeHistoryLength, double powerMartingaleEpsilon, ChangePointMartingale martingale)
    {
        Guard.Between(confidence, 0, 100, "Confidence");
        Guard.AtLeast(changeHistoryLength, 2, "ChangeHistoryLength");
        Guard.Between(powerMartingaleEpsilon, 0, 1, "PowerMartingaleEpsilon");
        if (!Enum.IsDefined(martingale))
        {
            throw new ArgumentOutOfRangeException("Martingale", martingale, "Martingale must be Power or Mixture.");
        }
    }
}

using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>
/// Learning while scoring, for the deep detectors: every <see cref="UpdateInterval"/> scored rows, the scoring session
/// takes <see cref="StepsPerUpdate"/> Adam steps on the newest <see cref="RecentWindows"/> windows of the rows it has
/// seen, so the network follows a series that drifts after fitting. Updates are causal (a row is scored before any
/// update that learns from it), deterministic on the CPU, carried by streaming checkpoints (weights and optimiser
/// state) and made on the session's own copy of the network: the fitted model is never changed, and two sessions or
/// engines on one model are independent. Updates run with dropout off. Defaults are documented on each property and
/// measured in docs/benchmarks.md.
/// </summary>
public sealed class OnlineLearningOptions
{
    /// <summary>Keep training while scoring. Default false (measured in docs/benchmarks.md).</summary>
    public bool Enabled { get; set; } = Defaults.Enabled;

    /// <summary>Scored rows between two updates. At least 1. Default 32.</summary>
    public int UpdateInterval { get; set; } = Defaults.UpdateInterval;

    /// <summary>Optimiser steps per update. At least 1. Default 1.</summary>
    public int StepsPerUpdate { get; set; } = Defaults.StepsPerUpdate;

    /// <summary>
    /// The newest windows each step learns from (one batch), which is also how many rows of history a session keeps
    /// (plus one window). From 1 to 100,000. Default 64.
    /// </summary>
    public int RecentWindows { get; set; } = Defaults.RecentWindows;

    /// <summary>Adam's learning rate while scoring; null takes the fitting learning rate. Default null.</summary>
    public double? LearningRate { get; set; }

    /// <summary>The most windows one step may learn from.</summary>
    internal const int MaximumRecentWindows = 100_000;

    /// <summary>A copy.</summary>
    internal OnlineLearningOptions Clone() => (OnlineLearningOptions)MemberwiseClone();

    /// <summary>The settings sessions learn with, or null when learning is off.</summary>
    internal Torch.Training.OnlineLearningSettings? ToSettings(double fittingLearningRate, double gradientClip)
        => Enabled ? new(UpdateInterval, StepsPerUpdate, RecentWindows, LearningRate ?? fittingLearningRate, gradientClip) : null;

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal void Validate()
    {
        Guard.AtLeast(UpdateInterval, 1, $"OnlineLearning.{nameof(UpdateInterval)}");
        Guard.AtLeast(StepsPerUpdate, 1, $"OnlineLearning.{nameof(StepsPerUpdate)}");
        Guard.AtLeast(RecentWindows, 1, $"OnlineLearning.{nameof(RecentWindows)}");
        if (RecentWindows > MaximumRecentWindows)
        {
            throw new ArgumentOutOfRangeException($"OnlineLearning.{nameof(RecentWindows)}", RecentWindows, $"OnlineLearning.{nameof(RecentWindows)} must be at most {MaximumRecentWindows:N0} (each step learns from that many windows at once); it was {RecentWindows}.");
        }

        if (LearningRate is { } rate)
        {
            Guard.Positive(rate, $"OnlineLearning.{nameof(LearningRate)}");
        }
    }

    /// <summary>The default of every option, in one place.</summary>
    internal static class Defaults
    {
        internal const bool Enabled = false;
        internal const int UpdateInterval = 32;
        internal const int StepsPerUpdate = 1;
        internal const int RecentWindows = 64;
    }
}

namespace MLNetAnomaly.Orleans.Contracts;

/// <summary>
/// How to give a series its own model: collect its first <see cref="TrainingPoints"/> points, fit
/// <see cref="Detector"/> on them (or, with <c>"auto"</c>, choose a detector by selection without labels), then score
/// every later point with that model. Registered under a model id like a fitted model
/// (<see cref="Client.AnomalyFleetClient.RegisterRecipeAsync"/>); a series bound to it gets warm-up predictions for its
/// training points. Univariate series only.
/// </summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.FitRecipe")]
public sealed record FitRecipe
{
    /// <summary>The smallest <see cref="TrainingPoints"/> accepted.</summary>
    public const int MinimumTrainingPoints = 20;

    /// <summary>The name a recipe uses to ask for selection among detectors instead of one named detector.</summary>
    public const string Auto = "auto";

    /// <summary>The largest <see cref="TrainingPoints"/> accepted: the points wait in the series' stored state, written with every batch until the fit.</summary>
    public const int MaximumTrainingPoints = 20_000;

    /// <summary>Points, from the series' start, the model is fitted on: from 20 to 20,000.</summary>
    [Id(0)]
    public required int TrainingPoints { get; init; }

    /// <summary>A detector name of <see cref="DetectorRegistry.AllDetectorNames"/> at its defaults, or <see cref="Auto"/>. Default "auto".</summary>
    [Id(1)]
    public string Detector { get; init; } = Auto;

    /// <summary>With <see cref="Auto"/>: the detectors selection may choose from; null for selection's default set.</summary>
    [Id(2)]
    public string[]? Candidates { get; init; }

    /// <summary>With <see cref="Auto"/>: the most trials selection runs. Default 8.</summary>
    [Id(3)]
    public int MaxTrials { get; init; } = 8;

    /// <summary>The seed of fitting and selection, so a refit gives the same model. Default 1.</summary>
    [Id(4)]
    public int Seed { get; init; } = 1;

    /// <summary>Checks the recipe, naming the first setting out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or names an unknown detector.</exception>
    public void Validate()
    {
        if (TrainingPoints < MinimumTrainingPoints || TrainingPoints > MaximumTrainingPoints)
        {
            throw new ArgumentException($"TrainingPoints must be between {MinimumTrainingPoints} and {MaximumTrainingPoints:N0}; it was {TrainingPoints}.", nameof(TrainingPoints));
        }

        foreach (var name in new[] { Detector }.Where(d => !string.Equals(d, Auto, StringComparison.OrdinalIgnoreCase)).Concat(Candidates ?? Array.Empty<string>()))
        {
            if (!DetectorRegistry.AllDetectorNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{name}' is not a detector; the detectors are: {string.Join(", ", DetectorRegistry.AllDetectorNames)} (or '{Auto}' for Detector).", nameof(Detector));
            }
        }

        if (MaxTrials < 1)
        {
            throw new ArgumentException($"MaxTrials must be at least 1; it was {MaxTrials}.", nameof(MaxTrials));
        }
    }
}

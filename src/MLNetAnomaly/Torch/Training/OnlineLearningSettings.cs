namespace MLNetAnomaly.Torch.Training;

/// <summary>How a scoring session keeps training its copy of a network (see <see cref="OnlineLearner"/>).</summary>
/// <param name="UpdateInterval">Scored rows between two updates.</param>
/// <param name="Steps">Optimiser steps per update.</param>
/// <param name="Windows">The newest windows each step learns from.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="GradientClip">Largest gradient norm (0: no clipping).</param>
internal sealed record OnlineLearningSettings(int UpdateInterval, int Steps, int Windows, double LearningRate, double GradientClip);

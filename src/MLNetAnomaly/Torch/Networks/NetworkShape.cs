namespace MLNetAnomaly.Torch.Networks;

/// <summary>The size of a window network: what a model file needs to rebuild it before loading its weights.</summary>
/// <param name="Dimensions">Values per time step.</param>
/// <param name="WindowSize">Time steps per window.</param>
/// <param name="HiddenSize">Units per layer (channels for the CNN).</param>
/// <param name="Layers">Stacked recurrent layers (ignored by networks without them).</param>
/// <param name="Dropout">Dropout while training (no effect on the weights' names or on scoring).</param>
/// <param name="Horizon">Rows each window forecasts (forecasters only; 1 for the others).</param>
internal sealed record NetworkShape(int Dimensions, int WindowSize, int HiddenSize, int Layers, double Dropout, int Horizon = 1);

namespace MLNetAnomaly.Torch.Networks;

/// <summary>The network families behind the deep detectors. The numeric values are written into model files.</summary>
internal enum NetworkKind
{
    /// <summary>Stacked LSTM next-step forecaster.</summary>
    Lstm = 0,

    /// <summary>Stacked GRU next-step forecaster.</summary>
    Gru = 1,

    /// <summary>Stacked Elman RNN (tanh) next-step forecaster.</summary>
    Rnn = 2,

    /// <summary>Temporal convolutional next-step forecaster.</summary>
    Cnn = 3,

    /// <summary>Dense autoencoder over a window.</summary>
    Autoencoder = 4,

    /// <summary>LSTM encoder-decoder reconstructing a window.</summary>
    LstmAutoencoder = 5,
}

/// <summary>The size of a network: what a model file needs to rebuild it before loading its weights.</summary>
/// <param name="Kind">The family.</param>
/// <param name="Dimensions">Values per time step.</param>
/// <param name="WindowSize">Time steps per window.</param>
/// <param name="HiddenSize">Units per layer (channels for the CNN).</param>
/// <param name="Layers">Stacked recurrent layers (ignored by the CNN and the dense autoencoder).</param>
/// <param name="Dropout">Dropout while training.</param>
internal sealed record NetworkShape(NetworkKind Kind, int Dimensions, int WindowSize, int HiddenSize, int Layers, double Dropout)
{
    /// <summary>True for autoencoders, which reconstruct their window; false for next-step forecasters.</summary>
    internal bool Reconstructs => Kind is NetworkKind.Autoencoder or NetworkKind.LstmAutoencoder;
}

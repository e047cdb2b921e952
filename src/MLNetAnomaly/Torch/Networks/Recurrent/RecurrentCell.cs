namespace MLNetAnomaly.Torch.Networks.Recurrent;

/// <summary>The recurrent layer a recurrent network is built from.</summary>
internal enum RecurrentCell
{
    /// <summary>Long short-term memory (Hochreiter and Schmidhuber 1997): hidden and cell state.</summary>
    Lstm,

    /// <summary>Gated recurrent units (Cho et al. 2014): hidden state.</summary>
    Gru,

    /// <summary>Elman RNN with tanh: hidden state.</summary>
    Rnn,
}

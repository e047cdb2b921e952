namespace MLNetAnomaly;

/// <summary>The betting function of a change-point martingale (ML.NET's <c>MartingaleType</c>, without None).</summary>
public enum ChangePointMartingale
{
    /// <summary>The power martingale: the bet on a p-value p is ε p^(ε − 1).</summary>
    Power = 0,

    /// <summary>The simple mixture martingale: the power bet averaged over ε from 0 to 1.</summary>
    Mixture = 1,
}

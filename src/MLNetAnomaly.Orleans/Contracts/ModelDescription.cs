namespace MLNetAnomaly.Orleans.Contracts;

/// <summary>What a registered model is: its size, the values it takes per point, and its digest.</summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.ModelDescription")]
public sealed record ModelDescription
{
    /// <summary>The model's id.</summary>
    [Id(0)]
    public required string ModelId { get; init; }

    /// <summary>Values per point (1 for a univariate series).</summary>
    [Id(1)]
    public required int Dimensions { get; init; }

    /// <summary>Points that get the warm-up prediction at the start of a series.</summary>
    [Id(2)]
    public required int WarmUpLength { get; init; }

    /// <summary>The SHA-256 of the model's bytes, in hexadecimal.</summary>
    [Id(3)]
    public required string Sha256 { get; init; }

    /// <summary>The model's size in bytes.</summary>
    [Id(4)]
    public required int Bytes { get; init; }
}

/// <summary>A registered model's bytes with its description.</summary>
[GenerateSerializer]
[Alias("MLNetAnomaly.Orleans.StoredModel")]
public sealed record StoredModel
{
    /// <summary>The description made at registration.</summary>
    [Id(0)]
    public required ModelDescription Description { get; init; }

    /// <summary>The ML.NET model zip.</summary>
    [Id(1)]
    public required byte[] Model { get; init; }

    /// <summary>For a model a series fitted from a recipe: the SHA-256 of its training points; else null.</summary>
    [Id(2)]
    public byte[]? TrainingDigest { get; init; }
}

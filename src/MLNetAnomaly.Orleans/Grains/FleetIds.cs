namespace MLNetAnomaly.Orleans.Grains;

/// <summary>
/// The ids of the models series fit from recipes: <c>RECIPE@SERIES#DIGEST</c> (the first 16 hexadecimal digits of the
/// SHA-256 of the training points), a form no user id may take. Other training points make another id, so a model
/// left behind by a failed fit never blocks the series.
/// </summary>
internal static class FleetIds
{
    /// <summary>The character that marks a fitted model's id; user model and recipe ids may not contain it.</summary>
    public const char FittedSeparator = '@';

    /// <summary>The id of the model fitted for <paramref name="seriesId"/> from the recipe <paramref name="recipeId"/> on points of <paramref name="trainingDigest"/>.</summary>
    /// <remarks>A recipe id holds no '@', so the first '@' ends it and two (recipe, series) pairs never share an id.</remarks>
    public static string Fitted(string recipeId, string seriesId, byte[] trainingDigest)
        => recipeId + FittedSeparator + seriesId + "#" + Convert.ToHexString(trainingDigest, 0, 8);

    /// <summary>True when <paramref name="modelId"/> has the form kept for fitted models.</summary>
    public static bool IsFitted(string modelId) => modelId.Contains(FittedSeparator);
}

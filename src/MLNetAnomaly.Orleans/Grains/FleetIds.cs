namespace MLNetAnomaly.Orleans.Grains;

/// <summary>The ids of the models series fit from recipes: <c>RECIPE@SERIES</c>, a form no user id may take.</summary>
internal static class FleetIds
{
    /// <summary>The character that marks a fitted model's id; user model and recipe ids may not contain it.</summary>
    public const char FittedSeparator = '@';

    /// <summary>The id of the model fitted for <paramref name="seriesId"/> from the recipe <paramref name="recipeId"/>.</summary>
    /// <remarks>A recipe id holds no '@', so the first '@' ends it and two (recipe, series) pairs never share an id.</remarks>
    public static string Fitted(string recipeId, string seriesId) => recipeId + FittedSeparator + seriesId;

    /// <summary>True when <paramref name="modelId"/> has the form kept for fitted models.</summary>
    public static bool IsFitted(string modelId) => modelId.Contains(FittedSeparator);
}

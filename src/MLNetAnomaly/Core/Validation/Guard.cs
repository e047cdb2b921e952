namespace MLNetAnomaly.Core.Validation;

/// <summary>Argument checks that name the parameter and state the allowed range.</summary>
internal static class Guard
{
    /// <summary>Throws when <paramref name="value"/> is below <paramref name="minimum"/>.</summary>
    internal static int AtLeast(int value, int minimum, string parameterName)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be at least {minimum}; it was {value}.");
        }

        return value;
    }

    /// <summary>Throws when <paramref name="value"/> is not a finite number strictly between the bounds.</summary>
    internal static double Between(double value, double exclusiveLow, double exclusiveHigh, string parameterName)
    {
        if (!(value > exclusiveLow && value < exclusiveHigh))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must lie strictly between {exclusiveLow} and {exclusiveHigh}; it was {value}.");
        }

        return value;
    }

    /// <summary>Throws when <paramref name="value"/> is not in [low, high) (or [low, high] when <paramref name="upperInclusive"/>).</summary>
    internal static double InRange(double value, double low, double high, string parameterName, bool upperInclusive = false)
    {
        if (!(value >= low && (value < high || (upperInclusive && value == high))))
        {
            var range = upperInclusive ? $"[{low}, {high}]" : $"[{low}, {high})";
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must lie in {range}; it was {value}.");
        }

        return value;
    }

    /// <summary>Throws when <paramref name="value"/> is not a finite number greater than zero.</summary>
    internal static double Positive(double value, string parameterName)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be a finite number greater than 0; it was {value}.");
        }

        return value;
    }

    /// <summary>Throws when <paramref name="value"/> is null, empty or white space.</summary>
    internal static string NotEmpty(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} must name a column; it was {(value is null ? "null" : "empty")}.", parameterName);
        }

        return value;
    }

    /// <summary>Throws when <paramref name="value"/> is null.</summary>
    internal static T NotNull<T>(T? value, string parameterName)
        where T : class => value ?? throw new ArgumentNullException(parameterName);
}

using Microsoft.ML;

namespace MLNetAnomaly.ML.Persistence;

/// <summary>
/// Version checks and read guards for the models our transformers write inside ML.NET model files.
/// A file written by a newer format, an unknown component or a damaged stream each fail with a message that says
/// which it is, instead of a decode error from deep inside ML.NET or libtorch.
/// </summary>
internal static class ModelFormat
{
    /// <summary>
    /// The format every component writes: one <see cref="ModelValues"/> payload. Earlier pre-release formats (positional
    /// fields, 0x00010001 to 0x00010005) are refused with a message to refit.
    /// </summary>
    internal const uint NamedValues = 0x00020001;

    /// <summary>
    /// The version info of a component written in <see cref="NamedValues"/>. A component whose files changed meaning
    /// writes a later <paramref name="written"/> version, so older readers (which would score them by the old meaning)
    /// refuse them with a message to upgrade; it still reads every file from <see cref="NamedValues"/> on.
    /// </summary>
    internal static VersionInfo Version(string modelSignature, string loaderSignature, Type component, uint written = NamedValues) => new(
        modelSignature: modelSignature,
        verWrittenCur: written,
        verReadableCur: written,
        verWeCanReadBack: NamedValues,
        loaderSignature: loaderSignature,
        loaderAssemblyName: component.Assembly.FullName);

    /// <summary>Checks the component header before anything else is read.</summary>
    internal static void CheckReadable(ModelLoadContext context, VersionInfo current, string componentName)
    {
        context.CheckAtModel();
        var header = context.Header;

        // An older format first: the retired per-network deep detectors also had other signatures.
        if (header.ModelVerWritten < current.VerWeCanReadBack)
        {
            throw new NotSupportedException(
                $"This {componentName} was saved in format 0x{header.ModelVerWritten:X8}, older than the oldest this version of MLNetAnomaly reads " +
                $"(0x{current.VerWeCanReadBack:X8}). Refit and save the model again.");
        }

        if (header.ModelVerReadable > current.VerWrittenCur)
        {
            throw new NotSupportedException(
                $"This {componentName} was saved by a newer version of MLNetAnomaly: its format is 0x{header.ModelVerWritten:X8} and needs a reader of " +
                $"0x{header.ModelVerReadable:X8} or later, but this version of MLNetAnomaly reads formats up to 0x{current.VerWrittenCur:X8}. " +
                "Upgrade the MLNetAnomaly package to load it.");
        }

        if (header.ModelSignature != current.ModelSignature)
        {
            throw new InvalidDataException(
                $"The model file does not hold a {componentName} where one was expected (signature mismatch): it is damaged or was not written by MLNetAnomaly.");
        }

        context.CheckVersionInfo(current);
    }

    /// <summary>Runs an options check on values read from a file; an out-of-range value means the file is damaged.</summary>
    internal static void Validate(Action validate, ModelValues values)
    {
        try
        {
            validate();
        }
        catch (ArgumentException exception)
        {
            throw values.Damaged(exception.Message, exception);
        }
    }
}

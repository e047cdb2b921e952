using System.Reflection;
using Microsoft.ML;

namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// ML.NET builds <see cref="SchemaShape"/> values from schemas internally only; tests reach that factory by
/// reflection so they can call estimators' GetOutputSchema the way ML.NET's pipelines do.
/// </summary>
internal static class Shapes
{
    internal static SchemaShape Of(DataViewSchema schema)
        => (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, new[] { typeof(DataViewSchema) })!
            .Invoke(null, new object[] { schema })!;

    internal static SchemaShape.Column Find(SchemaShape shape, string name) => shape.Single(c => c.Name == name);
}

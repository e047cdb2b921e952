using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests;

/// <summary>
/// docs/api.md lists every public type of the library by namespace, with the first sentence of its XML summary; the
/// test fails when the library and the page differ (write the page anew with MLNETANOMALY_WRITE_API=1).
/// </summary>
public sealed partial class ApiDocTests
{
    [Fact]
    public void ApiPageListsEveryPublicTypeByNamespace()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "docs", "api.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("MLNETANOMALY_WRITE_API") == "1")
        {
            File.WriteAllText(path, expected);
        }

        var actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(expected == actual, "docs/api.md does not match the library's public types; run MLNETANOMALY_WRITE_API=1 dotnet test --filter ApiDocTests and review the diff.");
    }

    [Fact]
    public void PublicTypesLiveInTheFourNamespaces()
    {
        var allowed = new[] { "MLNetAnomaly", "MLNetAnomaly.Selection", "MLNetAnomaly.Streaming", "MLNetAnomaly.Evaluation" };
        Assert.All(PublicTypes(), t => Assert.Contains(t.Namespace, allowed));
    }

    private static IEnumerable<Type> PublicTypes()
        => typeof(DeepDetectorEstimator).Assembly.GetExportedTypes().Where(t => !t.IsNested).OrderBy(t => t.Namespace, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal);

    private static string Render()
    {
        var assembly = typeof(DeepDetectorEstimator).Assembly;
        var docs = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var summaries = docs.Descendants("member")
            .Where(m => ((string?)m.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true)
            .ToDictionary(m => ((string)m.Attribute("name")!)[2..], m => FirstSentence(m.Element("summary")));
        var text = new StringBuilder();
        text.Append("# Public API\n\n");
        text.Append("Every public type of the MLNetAnomaly library, by namespace, with the first sentence of its documentation.\n");
        text.Append("A pipeline needs only `using MLNetAnomaly;`; the other namespaces hold selection, streaming and evaluation.\n");
        text.Append("This page is checked by `tests/MLNetAnomaly.Tests/ApiDocTests.cs`.\n");
        foreach (var group in PublicTypes().GroupBy(t => t.Namespace))
        {
            text.Append($"\n## {group.Key}\n\n");
            foreach (var type in group)
            {
                var key = type.FullName!;
                text.Append($"- `{Name(type)}` ({Kind(type)}): {summaries.GetValueOrDefault(key, "(undocumented)")}\n");
            }
        }

        return text.ToString();
    }

    private static string Name(Type type) => type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(a => a.Name))}>" : type.Name;

    private static string Kind(Type type) => type.IsEnum ? "enum"
        : type.IsInterface ? "interface"
        : type.IsValueType ? "struct"
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : "class";

    private static string FirstSentence(XElement? summary)
    {
        if (summary is null)
        {
            return "(undocumented)";
        }

        var text = string.Concat(summary.Nodes().Select(n => n switch
        {
            XElement { Name.LocalName: "see" } e when (string?)e.Attribute("cref") is { } cref => $"`{Short(cref)}`",
            XElement { Name.LocalName: "paramref" or "typeparamref" } e => $"`{(string?)e.Attribute("name")}`",
            XElement { Name.LocalName: "c" } e => $"`{e.Value}`",
            XElement e => e.Value,
            _ => n.ToString(),
        }));
        text = Whitespace().Replace(text, " ").Trim();
        var end = Sentence().Match(text);
        return end.Success ? text[..(end.Index + 1)] : text;
    }

    private static string Short(string cref)
    {
        var name = cref[2..].Split('(')[0];
        return name[(name.LastIndexOf('.') + 1)..].Split('`')[0];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\.(\s|$)")]
    private static partial Regex Sentence();
}

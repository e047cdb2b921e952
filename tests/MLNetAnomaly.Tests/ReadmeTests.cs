using System.Text.RegularExpressions;
using MLNetAnomaly.Tests.TestFramework;

namespace MLNetAnomaly.Tests;

/// <summary>
/// The README's C# blocks are complete programs that compile and run: each one is, character for character, the
/// Program.cs of the sample its "Run:" line names; the solution build compiles that sample and SampleTests runs it.
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void EveryCSharpBlockIsASampleProgramThatTheBuildCompilesAndSampleTestsRun()
    {
        var root = RepositoryRoot.Find();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var blocks = CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            var run = RunLine().Match(block);
            Assert.True(run.Success, $"A C# block in README.md is not a complete sample program (it has no '// Run: dotnet run --project samples/NAME' line):\n{block}");
            var sample = run.Groups[1].Value;
            var program = File.ReadAllText(Path.Combine(root, "samples", sample, "Program.cs")).ReplaceLineEndings("\n");
            Assert.True(program == block, $"README.md's block for samples/{sample} differs from samples/{sample}/Program.cs; copy the file into the README.");
            Assert.Contains(sample, SampleTests.Samples);
        }
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^// Run: dotnet run --project samples/(\w+)$", RegexOptions.Multiline)]
    private static partial Regex RunLine();
}

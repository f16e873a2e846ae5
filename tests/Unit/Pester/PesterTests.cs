namespace SwanShell.UnitTests.Pester;

/// <summary>Each It of tests/Pester/*.Tests.ps1 as its own test case, named by file and Describe > It.</summary>
public sealed class PesterTests
{
    public static TheoryData<string, string> Its()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(PesterFileRunner.Directory, "*.Tests.ps1").Order(StringComparer.Ordinal))
        {
            foreach (var it in PesterFileRunner.Discover(file))
            {
                data.Add(Path.GetFileName(file), it);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Its))]
    public void It(string file, string it)
    {
        var result = PesterFileRunner.Result(Path.Combine(PesterFileRunner.Directory, file), it);

        Skip.If(result.Result == "Skipped", result.Message);
        Assert.True(result.Result == "Passed", $"{file}: {it}\n{result.Message}");
    }

    [Fact]
    public void PesterDirectory_HasTestFiles()
    {
        Assert.NotEmpty(Directory.GetFiles(PesterFileRunner.Directory, "*.Tests.ps1"));
    }
}

using SwanShell.UnitTests.Pester;

namespace SwanShell.UnitTests.PesterRunner;

/// <summary>The runner of tests/Pester must report what Pester would: outcomes per It and messages naming the values.</summary>
public sealed class MiniPesterTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "PesterRunner", "Fixtures", "Runner.Fixture.ps1");

    [Theory]
    [InlineData("Should > Be passes", "Passed", "")]
    [InlineData("Should > Be fails", "Failed", "Expected 2, but got 1.")]
    [InlineData("Should > Be compares arrays", "Passed", "")]
    [InlineData("Should > Not Be fails", "Failed", "Expected not 'A', but got 'a'.")]
    [InlineData("Should > BeExactly fails on case", "Failed", "Expected exactly 'A', but got 'a'.")]
    [InlineData("Should > BeNullOrEmpty passes on nothing", "Passed", "")]
    [InlineData("Should > BeNullOrEmpty fails", "Failed", "Expected $null or empty, but got 'x'.")]
    [InlineData("Should > BeTrue fails", "Failed", "Expected $True, but got $false.")]
    [InlineData("Should > BeFalse passes", "Passed", "")]
    [InlineData("Should > BeOfType fails", "Failed", "Expected the value to have type [System.Int32] or any of its subtypes, but got 'x' with type [System.String].")]
    [InlineData("Should > HaveCount passes on empty", "Passed", "")]
    [InlineData("Should > HaveCount fails", "Failed", "Expected a collection with size 2, but got collection with size 3 @(1, 2, 3).")]
    [InlineData("Should > Match fails", "Failed", "Expected regular expression '^b' to match 'abc', but it did not match.")]
    [InlineData("Should > Contain passes", "Passed", "")]
    [InlineData("Should > Contain fails", "Failed", "Expected 4 to be found in collection @(1, 2, 3), but it was not found.")]
    [InlineData("Should > BeGreaterThan fails", "Failed", "Expected the actual value to be greater than 5, but got 1.")]
    [InlineData("Should > BeLessThan passes", "Passed", "")]
    [InlineData("Should > Throw passes with message and id", "Passed", "")]
    [InlineData("Should > Throw fails when nothing throws", "Failed", "Expected an exception to be thrown, but no exception was thrown.")]
    [InlineData("Should > Throw fails on the wrong error id", "Failed", "Expected an exception with error id like 'SomethingElse' to be thrown, but the error id was 'CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand'.")]
    [InlineData("Should > Because is quoted", "Failed", "Expected 2, because one is not two, but got 1.")]
    [InlineData("Setup > sees BeforeAll and BeforeEach variables", "Passed", "")]
    [InlineData("Setup > nested > sees the outer BeforeAll", "Passed", "")]
    [InlineData("Setup > runs first with its data", "Passed", "")]
    [InlineData("Setup > runs second with its data", "Passed", "")]
    [InlineData("Setup > is skipped", "Skipped", "marked -Skip")]
    [InlineData("Broken setup > fails with the setup error", "Failed", "BeforeAll failed: setup exploded")]
    public void Fixture_It_HasTheOutcomePesterWouldReport(string it, string expected, string message)
    {
        var result = PesterFileRunner.Result(Fixture, it);

        Assert.Equal(expected, result.Result);
        Assert.StartsWith(message, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_Fixture_ListsEveryItInOrder()
    {
        var its = PesterFileRunner.Discover(Fixture);

        Assert.Equal(27, its.Count);
        Assert.Equal("Should > Be passes", its[0]);
        Assert.Equal("Broken setup > fails with the setup error", its[^1]);
    }

    [Fact]
    public void Discover_FileThatDoesNotParse_ReportsDiscoveryFailure()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.Tests.ps1");
        File.WriteAllText(broken, "Describe 'x' { It 'y' { ");
        try
        {
            Assert.Equal([PesterFileRunner.DiscoveryFailed], PesterFileRunner.Discover(broken));
            Assert.Equal("Failed", PesterFileRunner.Result(broken, "x > y").Result);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}

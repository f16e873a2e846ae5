using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using SwanShell.Cli.Hosting;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Cli;

public sealed class SwanShellHostTests : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    private SwanShellHost NewHost(HostOptions options, params string[] answers) =>
        new(_output, _error, new ScriptedInput(answers), options);

    [Fact]
    public void WriteProgress_OnATerminal_DrawsOneLineAndClearsItWhenCompleted()
    {
        var ui = NewHost(HostOptions.Plain with { ShowProgress = true }).UI;

        ui.WriteProgress(1, new ProgressRecord(1, "Adding connections", "site-b") { PercentComplete = 50 });
        ui.WriteProgress(1, new ProgressRecord(1, "Adding connections", "done") { RecordType = ProgressRecordType.Completed });

        Assert.Equal("\r\e[KAdding connections: site-b [ 50%]\r\e[K", _error.ToString());
        Assert.Equal(string.Empty, _output.ToString());
    }

    [Fact]
    public void WriteProgress_WhenNotShown_WritesNothing()
    {
        NewHost(HostOptions.Plain).UI.WriteProgress(1, new ProgressRecord(1, "a", "b"));

        Assert.Equal(string.Empty, _error.ToString() + _output.ToString());
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("n", 1)]
    [InlineData("No", 1)]
    [InlineData("x\ny", 0)]
    public void PromptForChoice_AnswersByHotKeyLabelOrDefault(string typed, int expected)
    {
        var ui = NewHost(HostOptions.Plain, typed.Split('\n')).UI;
        var choices = new Collection<ChoiceDescription> { new("&Yes", "do it"), new("&No", "don't") };

        var chosen = ui.PromptForChoice("Confirm", "Really?", choices, 0);

        Assert.Equal(expected, chosen);
        Assert.Contains("Confirm\nReally?\n[Y] Yes  [N] No  [?] Help (default is \"Y\"): ", _output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void PromptForChoice_WhenInputHasEnded_FailsWithAClearMessage()
    {
        var ui = NewHost(HostOptions.Plain).UI;

        var error = Assert.Throws<PromptingException>(() => ui.PromptForChoice("Confirm", "Really?", [new("&Yes"), new("&No")], 0));

        Assert.Contains("the input has ended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteErrorLine_WithoutColour_IsPlainOnTheErrorWriter()
    {
        NewHost(HostOptions.Plain).UI.WriteErrorLine("boom");

        Assert.Equal("boom" + Environment.NewLine, _error.ToString());
    }

    [Fact]
    public void WriteLine_WithoutColour_StripsVirtualTerminalSequences()
    {
        NewHost(HostOptions.Plain).UI.WriteLine("\e[32;1mProduct\e[0m");

        Assert.Equal("Product" + Environment.NewLine, _output.ToString());
    }

    [Fact]
    public void Exit_InAScript_SetsTheHostExitCode()
    {
        using var shell = PowerShellFixture.NewShell();

        shell.Run("exit 9");

        Assert.Equal(9, shell.Host.ExitCode);
    }
}

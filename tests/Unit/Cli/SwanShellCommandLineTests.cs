using SwanShell.Engine;

namespace SwanShell.UnitTests.Cli;

/// <summary>The swanshell executable as pwsh users expect it to behave: output, errors and exit codes.</summary>
public sealed class SwanShellCommandLineTests
{
    [Fact]
    public void Command_GetIpsecVersion_PrintsTheTableAndExitsZero()
    {
        var result = SwanShellProcess.Run(["-Command", "Get-IpsecVersion"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"Product\s+Version\s+UserVersion\s+KernelVersion\s+Stack", result.Output);
        Assert.Contains($"SwanShell U{ProductInfo.Version}/K", result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public void Command_GetHelpFull_PrintsRealHelp()
    {
        var result = SwanShellProcess.Run(["-Command", "Get-Help Get-IpsecVersion -Full"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("SYNOPSIS", result.Output, StringComparison.Ordinal);
        Assert.Contains("Gets the SwanShell user-space version", result.Output, StringComparison.Ordinal);
        Assert.Contains("Example 1: Show the versions", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exit 7", 7)]
    [InlineData("throw 'broken'", 1)]
    [InlineData("Get-NoSuchCommand", 1)]
    [InlineData("Get-NoSuchCommand; 'then fine'", 0)]
    [InlineData("'fine'", 0)]
    public void Command_ExitCode_FollowsPwshRules(string script, int expected)
    {
        Assert.Equal(expected, SwanShellProcess.Run(["-Command", script]).ExitCode);
    }

    [Fact]
    public void Command_TerminatingError_IsShownOnStandardErrorAsPwshShowsIt()
    {
        var result = SwanShellProcess.Run(["-Command", "Get-IpsecVersion -Bogus"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Get-IpsecVersion: A parameter cannot be found that matches parameter name 'Bogus'.", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public void Command_WarningAndVerbose_AreShownWithPwshPrefixes()
    {
        var script = "function f { [CmdletBinding()] param() $PSCmdlet.WriteWarning('careful'); $PSCmdlet.WriteVerbose('details') }; f -Verbose";

        var result = SwanShellProcess.Run(["-Command", script]);

        Assert.Contains("WARNING: careful", result.Output, StringComparison.Ordinal);
        Assert.Contains("VERBOSE: details", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_WhatIf_PrintsWhatIfTextAndDoesNothing()
    {
        var script = "function Remove-Thing { [CmdletBinding(SupportsShouldProcess)] param() if ($PSCmdlet.ShouldProcess('thing', 'Remove')) { 'removed' } }; Remove-Thing -WhatIf";

        var result = SwanShellProcess.Run(["-Command", script]);

        Assert.Contains("What if: Performing the operation \"Remove\" on target \"thing\".", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("removed", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("y", true)]
    [InlineData("n", false)]
    public void Command_Confirm_PromptsAndHonoursTheAnswer(string answer, bool proceeds)
    {
        var script = "function Remove-Thing { [CmdletBinding(SupportsShouldProcess)] param() if ($PSCmdlet.ShouldProcess('thing', 'Remove')) { 'removed' } }; Remove-Thing -Confirm";

        var result = SwanShellProcess.Run(["-Command", script], standardInput: answer + "\n");

        Assert.Contains("[Y] Yes  [A] Yes to All  [N] No", result.Output, StringComparison.Ordinal);
        Assert.Equal(proceeds, result.Output.Contains("removed", StringComparison.Ordinal));
    }

    [Fact]
    public void File_WithNamedAndPositionalArguments_BindsThemAsPwshDoes()
    {
        var script = Path.Combine(Path.GetTempPath(), $"swanshell-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, "param([string] $Task, [switch] $Fast, [string] $Rest)\n\"task=$Task fast=$Fast rest=$Rest\"\nexit 3\n");
        try
        {
            var result = SwanShellProcess.Run(["-File", script, "-Task", "Build", "-Fast", "it's last"]);

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("task=Build fast=True rest=it's last", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void File_ThatDoesNotParse_ReportsTheParseErrorAndExits1_WithoutAStackTrace()
    {
        var script = Path.Combine(Path.GetTempPath(), $"swanshell-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, "Write-Output (\n");
        try
        {
            var result = SwanShellProcess.Run(["-File", script]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(script, result.Error, StringComparison.Ordinal);
            Assert.Contains("An expression was expected after '('.", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Command_ThatDoesNotParse_ReportsTheParseErrorAndExits1()
    {
        var result = SwanShellProcess.Run(["-Command", "Write-Output ("]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Missing closing ')' in expression.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void File_ThatDoesNotExist_ExitsWithUsageCode()
    {
        var result = SwanShellProcess.Run(["-File", "/nonexistent/script.ps1"]);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("not recognized as the name of a script file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_PrintsUsageAndExits64()
    {
        var result = SwanShellProcess.Run(["-Bogus"]);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("Unknown option '-Bogus'.", result.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: swanshell", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Interactive_ReadsCommandsUntilExit()
    {
        var result = SwanShellProcess.Run([], standardInput: "$x = 40 + 2\n\"answer=$x\"\nexit 5\n'not reached'\n");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("answer=42", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Interactive_KeepsHistory()
    {
        var result = SwanShellProcess.Run([], standardInput: "'first'\n(Get-History).CommandLine\n");

        Assert.Equal(0, result.ExitCode);
        // Standard input is not echoed, so the quoted command line can only come from the history.
        Assert.Contains("'first'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsTheProductVersion()
    {
        var result = SwanShellProcess.Run(["-Version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"SwanShell {ProductInfo.Version}", result.Output.Trim());
    }
}

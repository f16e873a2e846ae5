using System.Management.Automation;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.ModuleLayout;

/// <summary>Every exported cmdlet ships real help: the MAML built from docs/help is what Get-Help reads.</summary>
public sealed class HelpTests
{
    private static readonly HashSet<string> CommonParameters = new(Cmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);

    public static TheoryData<string> ExportedCmdlets()
    {
        using var shell = PowerShellFixture.NewShell();
        return [.. shell.Run("(Get-Module SwanShell).ExportedCmdlets.Keys").Select(o => (string)o.BaseObject)];
    }

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void GetHelp_ExportedCmdlet_HasSynopsisDescriptionParametersAndExamples(string cmdlet)
    {
        using var shell = PowerShellFixture.NewShell();

        var help = shell.Run($"Get-Help {cmdlet} -Full").Single();

        Assert.Equal("MamlCommandHelpInfo", help.TypeNames[0].Split('#')[0].Split('.')[^1]);
        var synopsis = (string)help.Properties["Synopsis"].Value;
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain(cmdlet + " [", synopsis, StringComparison.Ordinal);
        Assert.NotEmpty(shell.Run($"(Get-Help {cmdlet} -Full).description.Text | Where-Object {{ $_ }}"));
        Assert.NotEmpty(shell.Run($"(Get-Help {cmdlet} -Full).examples.example.code | Where-Object {{ $_ }}"));

        var parameters = shell.Run($"(Get-Command {cmdlet}).Parameters.Keys").Select(o => (string)o.BaseObject)
            .Where(p => !CommonParameters.Contains(p));
        foreach (var parameter in parameters)
        {
            var described = shell.Run($"(Get-Help {cmdlet} -Parameter {parameter}).description.Text | Where-Object {{ $_ }}");
            Assert.True(described.Count > 0, $"-{parameter} of {cmdlet} has no description");
        }
    }

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void GetHelpFull_Rendered_ShowsTheSectionsAUserReads(string cmdlet)
    {
        using var shell = PowerShellFixture.NewShell();

        var text = shell.Render($"Get-Help {cmdlet} -Full");

        foreach (var section in new[] { "NAME", "SYNOPSIS", "SYNTAX", "DESCRIPTION", "PARAMETERS", "OUTPUTS", "Example 1" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GetHelp_AboutTopic_PrintsTheModuleOverview()
    {
        using var shell = PowerShellFixture.NewShell();

        var text = shell.Render("Get-Help about_SwanShell");

        Assert.Contains("SwanShell is an IPsec control plane for Linux", text, StringComparison.Ordinal);
    }
}

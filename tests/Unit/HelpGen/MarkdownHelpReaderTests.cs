using SwanShell.HelpGen;

namespace SwanShell.UnitTests.HelpGen;

public sealed class MarkdownHelpReaderTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"Get-Thing-{Guid.NewGuid():N}.md");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Read_PlatyPsLayout_ReadsEverySection()
    {
        File.WriteAllText(_file, """
            ---
            Module Name: SwanShell
            ---
            # Get-Thing

            ## SYNOPSIS
            Gets things.

            ## DESCRIPTION
            First paragraph
            continues here.

            Second paragraph.

            ## EXAMPLES

            ### Example 1: All things
            ```powershell
            PS> Get-Thing
            ## not a heading inside code
            ```

            Shows every thing.

            ## PARAMETERS

            ### -Name
            The thing's name.

            ```yaml
            Type: String
            ```

            ## OUTPUTS

            ### SwanShell.Thing
            One per thing.

            ## NOTES
            A note.

            ## RELATED LINKS
            - [about_SwanShell]()
            - Get-Other
            """);

        var doc = MarkdownHelpReader.Read(_file);

        Assert.Equal("Get-Thing", doc.Name);
        Assert.Equal(["Gets things."], doc.Synopsis);
        Assert.Equal(["First paragraph continues here.", "Second paragraph."], doc.Description);
        var example = Assert.Single(doc.Examples);
        Assert.Equal("Example 1: All things", example.Title);
        Assert.Equal("PS> Get-Thing\n## not a heading inside code", example.Code);
        Assert.Equal(["Shows every thing."], example.Remarks);
        Assert.Equal(["The thing's name."], doc.Parameters["name"]);
        Assert.Equal("SwanShell.Thing", Assert.Single(doc.Outputs).TypeName);
        Assert.Equal(["A note."], doc.Notes);
        Assert.Equal([new HelpLink("about_SwanShell", string.Empty), new HelpLink("Get-Other", string.Empty)], doc.RelatedLinks);
    }

    [Fact]
    public void Read_WithoutTitle_FailsNamingTheFile()
    {
        File.WriteAllText(_file, "## SYNOPSIS\nNo title.\n");

        var error = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.Read(_file));

        Assert.Equal($"{_file}(1): error HELP001: the file has no '# <cmdlet name>' title", error.Message);
    }
}

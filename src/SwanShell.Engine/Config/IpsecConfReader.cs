namespace SwanShell.Engine.Config;

/// <summary>Reads an ipsec.conf, its includes and its conns, as libreswan would, into typed definitions and diagnostics.</summary>
public static class IpsecConfReader
{
    /// <summary>
    /// Reads <paramref name="path"/> (absolute, or relative to the root) with every path seen under
    /// <paramref name="rootDirectory"/>. Never throws for anything in the files: problems become diagnostics.
    /// </summary>
    public static IpsecConfiguration Read(string path, string rootDirectory = "/")
    {
        var diagnostics = new DiagnosticList();
        var document = IpsecConfParser.Parse(new ConfigFileSystem(rootDirectory), path, diagnostics);
        return Build(document, diagnostics);
    }

    /// <summary>Types an already parsed document.</summary>
    internal static IpsecConfiguration Build(ConfigDocument document, DiagnosticList diagnostics)
    {
        var setup = SetupBuilder.Build(document.Sections.FirstOrDefault(section => section.Kind == SectionKind.Setup), diagnostics);
        var connections = new List<ConnectionDefinition>();
        var builder = new ConnectionBuilder(diagnostics);
        foreach (var conn in AlsoResolver.Resolve(document, diagnostics))
        {
            if (builder.Build(conn) is { } definition)
            {
                connections.Add(definition);
            }
        }

        return new IpsecConfiguration(setup, connections, InReadingOrder(diagnostics.Items, document.Files), document.Files);
    }

    /// <summary>Problems sorted by where they are (files in the order read), not by which check found them.</summary>
    private static ConfigDiagnostic[] InReadingOrder(IReadOnlyList<ConfigDiagnostic> diagnostics, IReadOnlyList<string> files)
    {
        var fileOrder = files.Select((file, index) => (file, index)).ToDictionary(pair => pair.file, pair => pair.index, StringComparer.Ordinal);
        return [.. diagnostics.OrderBy(d => fileOrder.GetValueOrDefault(d.File, -1)).ThenBy(d => d.Line).ThenBy(d => d.Column)];
    }
}

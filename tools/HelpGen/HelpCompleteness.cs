namespace SwanShell.HelpGen;

/// <summary>What every help page must have, reported in the build's error format so the page can be fixed.</summary>
internal static class HelpCompleteness
{
    public static IEnumerable<string> Check(CmdletDescription cmdlet, CommandHelpDocument doc)
    {
        var where = Path.GetFullPath(doc.Path) + "(1)";
        if (!doc.Name.Equals(cmdlet.Name, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{where}: error HELP003: the title is '{doc.Name}' but the file documents {cmdlet.Name}";
        }

        if (doc.Synopsis.Count == 0)
        {
            yield return $"{where}: error HELP004: {cmdlet.Name} has no '## SYNOPSIS' text";
        }

        if (doc.Description.Count == 0)
        {
            yield return $"{where}: error HELP005: {cmdlet.Name} has no '## DESCRIPTION' text";
        }

        if (doc.Examples.Count == 0 || doc.Examples.Any(e => e.Code.Length == 0))
        {
            yield return $"{where}: error HELP006: {cmdlet.Name} needs at least one '### Example' with a fenced code block under '## EXAMPLES'";
        }

        foreach (var parameter in MamlWriter.Parameters(cmdlet))
        {
            if (MamlWriter.ParameterDescription(parameter.Name, doc).Count == 0)
            {
                yield return $"{where}: error HELP007: parameter -{parameter.Name} of {cmdlet.Name} is not described; add '### -{parameter.Name}' under '## PARAMETERS'";
            }
        }

        var known = MamlWriter.Parameters(cmdlet).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var documented in doc.Parameters.Keys.Where(k => !known.Contains(k)))
        {
            yield return $"{where}: error HELP008: '### -{documented}' documents a parameter {cmdlet.Name} does not have";
        }
    }
}

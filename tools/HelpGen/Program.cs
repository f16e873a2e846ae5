using SwanShell.HelpGen;

// Usage: HelpGen <module.dll> <references.txt> <docs/help dir> <out -Help.xml>
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: HelpGen <module.dll> <references-file> <help-markdown-dir> <output-maml>");
    return 2;
}

try
{
    var cmdlets = CmdletMetadataReader.Read(args[0], File.ReadAllLines(args[1]));
    var problems = new List<string>();
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[3]))!);
    using (var writer = new MamlWriter(args[3]))
    {
        foreach (var cmdlet in cmdlets)
        {
            var path = Path.Combine(args[2], cmdlet.Name + ".md");
            if (!File.Exists(path))
            {
                problems.Add($"{Path.GetFullPath(path)}(1): error HELP002: {cmdlet.Name} has no help page; write one (see docs/help/README.md)");
                continue;
            }

            var doc = MarkdownHelpReader.Read(path);
            problems.AddRange(HelpCompleteness.Check(cmdlet, doc));
            writer.Write(cmdlet, doc);
        }
    }

    problems.ForEach(Console.Error.WriteLine);
    return problems.Count == 0 ? 0 : 1;
}
catch (HelpFormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

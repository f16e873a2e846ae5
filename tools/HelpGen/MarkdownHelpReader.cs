using System.Text;
using System.Text.RegularExpressions;

namespace SwanShell.HelpGen;

/// <summary>
/// Reads cmdlet help markdown in the platyPS layout: <c># Name</c>, then <c>## SYNOPSIS</c>,
/// <c>## DESCRIPTION</c>, <c>## EXAMPLES</c> (<c>### title</c> + a fenced code block + remarks),
/// <c>## PARAMETERS</c> (<c>### -Name</c>), <c>## INPUTS</c>, <c>## OUTPUTS</c>, <c>## NOTES</c>,
/// <c>## RELATED LINKS</c>. <c>## SYNTAX</c> and yaml blocks are ignored: syntax comes from the cmdlet itself.
/// </summary>
internal static partial class MarkdownHelpReader
{
    public static CommandHelpDocument Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var start = SkipFrontMatter(lines);
        var title = lines.Skip(start).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))
            ?? throw new HelpFormatException(path, 1, "the file has no '# <cmdlet name>' title");
        var doc = new CommandHelpDocument(title[2..].Trim(), path);

        string? section = null;
        string? heading = null;
        var body = new List<string>();
        for (var i = start; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i] : null;
            if (line is not null && body.Count > 0 && IsFenceOpen(body) && !line.StartsWith("```", StringComparison.Ordinal))
            {
                body.Add(line);
                continue;
            }

            if (line is null || line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith("### ", StringComparison.Ordinal))
            {
                Store(doc, section, heading, body);
                body = [];
                if (line is null)
                {
                    break;
                }

                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    section = line[3..].Trim().ToUpperInvariant();
                    heading = null;
                }
                else
                {
                    heading = line[4..].Trim();
                }

                continue;
            }

            if (!line.StartsWith("# ", StringComparison.Ordinal))
            {
                body.Add(line);
            }
        }

        return doc;
    }

    private static int SkipFrontMatter(string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return 0;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---")
            {
                return i + 1;
            }
        }

        return lines.Length;
    }

    private static bool IsFenceOpen(List<string> body) =>
        body.Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2 == 1;

    private static void Store(CommandHelpDocument doc, string? section, string? heading, List<string> body)
    {
        switch (section)
        {
            case "SYNOPSIS":
                doc.Synopsis.AddRange(Paragraphs(body));
                break;
            case "DESCRIPTION":
                doc.Description.AddRange(Paragraphs(body));
                break;
            case "NOTES":
                doc.Notes.AddRange(Paragraphs(body));
                break;
            case "EXAMPLES" when heading is not null:
                doc.Examples.Add(new HelpExample(heading, Code(body), Paragraphs(body)));
                break;
            case "PARAMETERS" when heading is not null:
                doc.Parameters[heading.TrimStart('-')] = Paragraphs(body);
                break;
            case "INPUTS" when heading is not null:
                doc.Inputs.Add(new HelpTypeEntry(heading, Paragraphs(body)));
                break;
            case "OUTPUTS" when heading is not null:
                doc.Outputs.Add(new HelpTypeEntry(heading, Paragraphs(body)));
                break;
            case "RELATED LINKS":
                doc.RelatedLinks.AddRange(Links(body));
                break;
            default:
                break;
        }
    }

    /// <summary>The first fenced code block of a body, without its fences.</summary>
    private static string Code(List<string> body)
    {
        var open = body.FindIndex(l => l.StartsWith("```", StringComparison.Ordinal));
        if (open < 0)
        {
            return string.Empty;
        }

        var close = body.FindIndex(open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var end = close < 0 ? body.Count : close;
        return string.Join('\n', body.Skip(open + 1).Take(end - open - 1));
    }

    /// <summary>Prose paragraphs (blank-line separated, joined into one line each), skipping fenced blocks.</summary>
    private static List<string> Paragraphs(List<string> body)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inFence = false;
        foreach (var raw in body)
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var line = raw.Trim();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (current.Length > 0)
            {
                current.Append(' ');
            }

            current.Append(line);
        }

        Flush();
        return result;

        void Flush()
        {
            if (current.Length > 0)
            {
                result.Add(current.ToString());
                current.Clear();
            }
        }
    }

    private static IEnumerable<HelpLink> Links(List<string> body)
    {
        foreach (var raw in body)
        {
            var line = raw.Trim().TrimStart('-', '*').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var match = LinkPattern().Match(line);
            yield return match.Success
                ? new HelpLink(match.Groups["text"].Value, match.Groups["uri"].Value)
                : new HelpLink(line, string.Empty);
        }
    }

    [GeneratedRegex(@"^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)$")]
    private static partial Regex LinkPattern();
}

/// <summary>A help file that cannot be used, with the place to fix it.</summary>
internal sealed class HelpFormatException(string path, int line, string message)
    : Exception($"{path}({line}): error HELP001: {message}");

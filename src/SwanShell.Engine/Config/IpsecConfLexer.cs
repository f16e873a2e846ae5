namespace SwanShell.Engine.Config;

/// <summary>
/// Splits ipsec.conf text into lines and each line into its parts, as libreswan's lexer does: sections and
/// <c>include</c>/<c>version</c> start in column 1, settings are indented <c>key=value</c>, a value with blanks
/// must be double-quoted, and <c>#</c> after white space (or starting a line) begins a comment.
/// </summary>
internal static class IpsecConfLexer
{
    public static IEnumerable<ConfigLine> Lex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var number = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            number++;
            var length = end - start;
            if (length > 0 && text[end - 1] == '\r')
            {
                length--;
            }

            yield return LexLine(text.Substring(start, length), number);
            start = end + 1;
        }
    }

    public static ConfigLine LexLine(string line, int number)
    {
        ArgumentNullException.ThrowIfNull(line);
        var indent = SkipBlanks(line, 0);
        if (indent == line.Length || line[indent] == '#')
        {
            return new ConfigLine(ConfigLineKind.Blank, number, string.Empty, 1, string.Empty, 1);
        }

        var wordEnd = indent;
        while (wordEnd < line.Length && IsWordChar(line[wordEnd]))
        {
            wordEnd++;
        }

        var word = line[indent..wordEnd];
        var afterWord = SkipBlanks(line, wordEnd);
        var isSetting = afterWord < line.Length && line[afterWord] == '=' && word.Length > 0;
        if (word == "include" && !isSetting)
        {
            return LexHeader(ConfigLineKind.Include, line, number, word, indent, afterWord, "include needs a file name");
        }

        if (indent > 0)
        {
            return isSetting ? LexSetting(line, number, word, indent, afterWord + 1) : Invalid(number, indent, Unexpected(line, indent, "expected 'keyword=value'"));
        }

        return word switch
        {
            _ when isSetting => Invalid(number, 1, $"'{word}=' must be indented under a 'conn' or 'config setup' line"),
            "conn" => LexHeader(ConfigLineKind.Conn, line, number, word, indent, afterWord, "conn needs a name"),
            "version" => LexHeader(ConfigLineKind.Version, line, number, word, indent, afterWord, "version needs a number"),
            "config" => LexHeader(ConfigLineKind.ConfigSetup, line, number, word, indent, afterWord, "expected 'config setup'"),
            _ => Invalid(number, 1, Unexpected(line, 0, "a line in column 1 must be 'conn <name>', 'config setup', 'include <file>' or 'version 2'; settings must be indented")),
        };
    }

    /// <summary><c>conn NAME</c>, <c>config setup</c>, <c>include FILE</c>, <c>version 2</c>: exactly one argument, then an optional comment.</summary>
    private static ConfigLine LexHeader(ConfigLineKind kind, string line, int number, string word, int wordColumn, int argument, string missing)
    {
        if (argument == line.Length || line[argument] == '#' || argument == wordColumn + word.Length)
        {
            return Invalid(number, wordColumn + 1, missing);
        }

        var argumentEnd = argument;
        while (argumentEnd < line.Length && !IsBlank(line[argumentEnd]))
        {
            argumentEnd++;
        }

        var rest = SkipBlanks(line, argumentEnd);
        if (rest < line.Length && line[rest] != '#')
        {
            return Invalid(number, rest + 1, $"'{word}' takes one argument; unexpected '{line[rest..].TrimEnd()}'");
        }

        return new ConfigLine(kind, number, word, wordColumn + 1, line[argument..argumentEnd], argument + 1);
    }

    private static ConfigLine LexSetting(string line, int number, string key, int keyStart, int afterEquals)
    {
        var valueStart = SkipBlanks(line, afterEquals);
        string value;
        int valueEnd;
        var quoted = valueStart < line.Length && line[valueStart] == '"';
        if (quoted)
        {
            var close = line.IndexOf('"', valueStart + 1);
            if (close < 0)
            {
                return Invalid(number, valueStart + 1, $"the value of '{key}' has no closing '\"'");
            }

            value = line[(valueStart + 1)..close];
            valueEnd = close + 1;
            valueStart++; // columns of a quoted value count from its first character
        }
        else
        {
            valueEnd = valueStart;
            while (valueEnd < line.Length && !IsBlank(line[valueEnd]))
            {
                valueEnd++;
            }

            value = line[valueStart..valueEnd];
            if (value.StartsWith('#') && valueStart > afterEquals)
            {
                value = string.Empty;
                valueEnd = line.Length;
            }
        }

        var rest = SkipBlanks(line, valueEnd);
        if (rest < line.Length && line[rest] != '#' && quoted)
        {
            return Invalid(number, rest + 1, $"unexpected text after the quoted value of '{key}'");
        }

        if (rest < line.Length && line[rest] != '#')
        {
            var written = line[valueStart..].Split(" #")[0].TrimEnd();
            return Invalid(number, valueStart + 1, $"the value of '{key}' contains blanks; put it in double quotes: {key}=\"{written}\"");
        }

        return new ConfigLine(ConfigLineKind.Setting, number, key, keyStart + 1, value, valueStart + 1);
    }

    private static ConfigLine Invalid(int number, int column, string error) =>
        new(ConfigLineKind.Invalid, number, string.Empty, column, string.Empty, column, error);

    private static string Unexpected(string line, int at, string expected)
    {
        var text = line[at..].TrimEnd();
        if (text.Length > 40)
        {
            text = text[..40] + "…";
        }

        return $"unexpected '{text}': {expected}";
    }

    private static int SkipBlanks(string line, int i)
    {
        while (i < line.Length && IsBlank(line[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '%';
}

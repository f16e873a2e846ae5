namespace SwanShell.Engine.Config;

/// <summary>
/// One path segment of a shell glob as <c>glob(3)</c> matches it for <c>include</c>: <c>*</c>, <c>?</c> and
/// <c>[...]</c> (with <c>!</c> or <c>^</c> negation and ranges); a leading dot must be matched literally.
/// </summary>
internal static class GlobPattern
{
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    public static bool IsMatch(string pattern, string name)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
        {
            return false;
        }

        return Match(pattern, 0, name, 0);
    }

    private static bool Match(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                for (var rest = n; rest <= name.Length; rest++)
                {
                    if (Match(pattern, p + 1, name, rest))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (n == name.Length)
            {
                return false;
            }

            if (c == '[' && TryMatchClass(pattern, p, name[n], out var end, out var matched))
            {
                if (!matched)
                {
                    return false;
                }

                p = end;
            }
            else if (c == '?' || c == name[n])
            {
                p++;
            }
            else
            {
                return false;
            }

            n++;
        }

        return n == name.Length;
    }

    /// <summary>Matches a <c>[...]</c> class; an unterminated <c>[</c> is an ordinary character, as in the shell.</summary>
    private static bool TryMatchClass(string pattern, int start, char c, out int end, out bool matched)
    {
        var i = start + 1;
        var negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negate)
        {
            i++;
        }

        var first = i;
        matched = false;
        while (i < pattern.Length && (pattern[i] != ']' || i == first))
        {
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                matched |= c >= pattern[i] && c <= pattern[i + 2];
                i += 3;
            }
            else
            {
                matched |= c == pattern[i];
                i++;
            }
        }

        end = i + 1;
        if (i >= pattern.Length)
        {
            return false;
        }

        matched ^= negate;
        return true;
    }
}

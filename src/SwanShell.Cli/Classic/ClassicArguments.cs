namespace SwanShell.Cli.Classic;

/// <summary>Reads a classic command's arguments: <c>--option value</c>, <c>--option=value</c>, flags and operands.</summary>
internal sealed class ClassicArguments(IReadOnlyList<string> arguments, string command, string usage)
{
    private int _next;
    private string? _inlineValue;

    /// <summary>The next argument (an option's name without its <c>=value</c>), or null at the end.</summary>
    public string? Next()
    {
        if (_inlineValue is not null)
        {
            throw Error($"option '{Current}' takes no value");
        }

        if (_next == arguments.Count)
        {
            return null;
        }

        var argument = arguments[_next++];
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (argument.StartsWith("--", StringComparison.Ordinal) && equals > 2)
        {
            _inlineValue = argument[(equals + 1)..];
            argument = argument[..equals];
        }

        Current = argument;
        return argument;
    }

    public string Current { get; private set; } = string.Empty;

    /// <summary>The value of the option just read: after '=' or the next argument.</summary>
    public string Value()
    {
        if (_inlineValue is { } inline)
        {
            _inlineValue = null;
            return inline;
        }

        return _next < arguments.Count ? arguments[_next++] : throw Error($"option '{Current}' needs a value");
    }

    public static bool IsOption(string argument) => argument.Length > 1 && argument[0] == '-';

    /// <summary>A usage error, its message prefixed with the command (<c>ipsec auto: …</c>) as getopt tools do.</summary>
    public ClassicUsageException Error(string message) => new($"{command}: {message}", usage);
}

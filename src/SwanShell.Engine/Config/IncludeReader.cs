namespace SwanShell.Engine.Config;

/// <summary>
/// Opens the files of one read, ipsec.conf or ipsec.secrets with their includes: resolves include names
/// (relative to the including file, globs), refuses cycles and runaway nesting, and names files for
/// diagnostics relative to the directory of the first file.
/// </summary>
internal sealed class IncludeReader(ConfigFileSystem files, DiagnosticList diagnostics, string firstFile)
{
    /// <summary>libreswan stops at this depth too.</summary>
    public const int MaxDepth = 10;

    private readonly string _baseDirectory = ConfigFileSystem.DirectoryOf(firstFile);
    private readonly List<string> _open = [];
    private readonly List<string> _read = [];

    public IReadOnlyList<string> FilesRead => _read;

    public string Display(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var prefix = _baseDirectory == "/" ? "/" : _baseDirectory + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
    }

    /// <summary>Opens a file for reading unless that would loop or nest too deep; <paramref name="from"/> is the include line, null for the first file.</summary>
    public bool TryEnter(string path, SourceLocation? from, out string text)
    {
        text = string.Empty;
        var where = from ?? new SourceLocation(Display(path), 0, 0);
        if (_open.Contains(path))
        {
            var chain = _open.Skip(_open.IndexOf(path)).Append(path).Select(file => $"'{Display(file)}'");
            diagnostics.Error(where, "include", $"include cycle: {string.Join(" -> ", chain)}", "remove one of these include lines");
            return false;
        }

        if (_open.Count >= MaxDepth)
        {
            diagnostics.Error(where, "include", $"includes nest deeper than {MaxDepth} files at '{Display(path)}'");
            return false;
        }

        try
        {
            text = files.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // ArgumentException: a name no file can have (a NUL byte in it).
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            diagnostics.Error(where, from is null ? null : "include", $"cannot read '{Display(path)}': {reason}");
            return false;
        }

        _open.Add(path);
        _read.Add(path);
        return true;
    }

    public void Leave() => _open.RemoveAt(_open.Count - 1);

    /// <summary>The files an <c>include</c> line names: relative to the including file, globs expanded (no match is no file, as in libreswan).</summary>
    public IReadOnlyList<string> Resolve(string includingFile, string pattern, SourceLocation at)
    {
        if (pattern.Contains('{', StringComparison.Ordinal))
        {
            diagnostics.Error(at, "include", $"include '{pattern}': braces are not supported since libreswan 5.0", "write one include line per file, or use a glob such as *.conf");
            return [];
        }

        return files.Expand(ConfigFileSystem.Combine(ConfigFileSystem.DirectoryOf(includingFile), pattern));
    }
}

namespace SwanShell.Engine.Config;

/// <summary>
/// The files a configuration names, seen under a root directory: <c>/etc/ipsec.d/*.conf</c> with root
/// <c>/tmp/t</c> is <c>/tmp/t/etc/ipsec.d/*.conf</c>. Paths inside the configuration stay "virtual"
/// (absolute, as written); only this class turns them into real ones, so tests never need /etc.
/// </summary>
public sealed class ConfigFileSystem
{
    public ConfigFileSystem(string rootDirectory = "/")
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
    }

    public string RootDirectory { get; }

    /// <summary>A virtual path: <paramref name="path"/> if absolute, else relative to <paramref name="directory"/>; dot segments removed, never above /.</summary>
    public static string Combine(string directory, string path)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(path);
        var joined = path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path;
        var segments = new List<string>();
        foreach (var segment in joined.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>The directory part of a virtual path.</summary>
    public static string DirectoryOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    public string ToPhysical(string virtualPath)
    {
        ArgumentNullException.ThrowIfNull(virtualPath);
        return Path.Join(RootDirectory, virtualPath);
    }

    public bool FileExists(string virtualPath) => File.Exists(ToPhysical(virtualPath));

    public string ReadAllText(string virtualPath) => File.ReadAllText(ToPhysical(virtualPath));

    /// <summary>The existing files a glob names, in the sorted order glob(3) returns them; a plain path is returned as is.</summary>
    public IReadOnlyList<string> Expand(string virtualPattern)
    {
        ArgumentNullException.ThrowIfNull(virtualPattern);
        if (!GlobPattern.HasWildcards(virtualPattern))
        {
            return [virtualPattern];
        }

        var matches = new List<string> { "/" };
        foreach (var segment in virtualPattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<string>();
            foreach (var directory in matches)
            {
                AddMatches(directory, segment, next);
            }

            matches = next;
        }

        var files = matches.Where(FileExists).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private void AddMatches(string directory, string segment, List<string> into)
    {
        if (!GlobPattern.HasWildcards(segment))
        {
            into.Add(Combine(directory, segment));
            return;
        }

        var physical = ToPhysical(directory);
        if (!Directory.Exists(physical))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(physical))
        {
            var name = Path.GetFileName(entry);
            if (GlobPattern.IsMatch(segment, name))
            {
                into.Add(Combine(directory, name));
            }
        }
    }
}

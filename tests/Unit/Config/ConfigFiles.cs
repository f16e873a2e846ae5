using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

/// <summary>A throw-away root directory with configuration files written by a test; paths are as the configuration sees them.</summary>
public sealed class ConfigFiles : IDisposable
{
    public ConfigFiles(params (string Path, string Text)[] files)
    {
        Root = Directory.CreateTempSubdirectory("swanshell-config-").FullName;
        foreach (var (path, text) in files)
        {
            Write(path, text);
        }
    }

    public string Root { get; }

    public void Write(string path, string text)
    {
        var physical = Path.Join(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(physical)!);
        File.WriteAllText(physical, text);
    }

    public IpsecConfiguration Read(string path = "/etc/ipsec.conf") => IpsecConfReader.Read(path, Root);

    /// <summary>A configuration made of one ipsec.conf.</summary>
    public static IpsecConfiguration ReadText(string text)
    {
        using var files = new ConfigFiles(("/etc/ipsec.conf", text));
        return files.Read();
    }

    /// <summary>Every diagnostic as the user sees it.</summary>
    public static string[] Messages(IpsecConfiguration config) => [.. config.Diagnostics.Select(d => d.ToString())];

    /// <summary>The root of a fixture folder under Config/Fixtures in the test output.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Config", "Fixtures", name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

using System.Diagnostics;

namespace SwanShell.UnitTests.Nflog;

/// <summary>
/// A private network namespace (<c>ip netns add</c>) for tests that change nftables rules, so the host's rules are never
/// touched; deleted on dispose. A missing prerequisite fails the test, saying what to install.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    public NetworkNamespace()
    {
        Name = $"swanshell-test-{Guid.NewGuid():N}"[..28];
        Require("ip", "iproute2", "-V");
        Require("nft", "nftables", "--version");
        Run("ip", "netns", "add", Name);
    }

    public string Name { get; }

    /// <summary><c>nft list ruleset</c> inside the namespace.</summary>
    public string Ruleset() => Nft("list", "ruleset");

    public string Nft(params string[] arguments) => Run("ip", ["netns", "exec", Name, "nft", .. arguments]);

    /// <summary>Loads a ruleset file's text inside the namespace.</summary>
    public void Load(string ruleset) => Run("ip", ["netns", "exec", Name, "nft", "-f", "-"], ruleset);

    public void Dispose() => Run("ip", "netns", "delete", Name);

    private static void Require(string tool, string package, string versionArgument)
    {
        try
        {
            Run(tool, versionArgument);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"'{tool}' is missing: install the Debian package {package} (listed in scripts/apt-packages.txt).");
        }
    }

    private static string Run(string tool, params string[] arguments) => Run(tool, arguments, null);

    private static string Run(string tool, string[] arguments, string? input)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input ?? string.Empty);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{tool} {string.Join(' ', arguments)}' failed ({process.ExitCode}): {error.Result} (network namespaces need root)");
        return output;
    }
}

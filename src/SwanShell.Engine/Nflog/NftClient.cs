using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace SwanShell.Engine.Nflog;

/// <summary>
/// Runs the <c>nft</c> tool: rulesets go in on stdin (<c>nft -f -</c>), state comes back as JSON (<c>nft -j</c>). With a
/// network namespace, nft runs inside it through <c>ip netns exec</c>, which is how tests stay off the host's rules.
/// </summary>
public sealed class NftClient(string? networkNamespace = null)
{
    public string? NetworkNamespace { get; } = networkNamespace;

    /// <summary>The command line, for -WhatIf and messages.</summary>
    public string Describe(params string[] arguments) => string.Join(' ', Command(arguments));

    /// <summary>Replaces our table with <paramref name="ruleset"/>, atomically.</summary>
    public void Apply(NflogRuleset ruleset)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        Run(ruleset.IsEmpty ? NflogRuleset.RemoveScript : ruleset.ApplyScript(), "-f", "-");
    }

    /// <summary>Deletes our table; true when it existed.</summary>
    public bool Remove()
    {
        if (!TableExists())
        {
            return false;
        }

        Run(NflogRuleset.RemoveScript, "-f", "-");
        return true;
    }

    /// <summary>Whether <c>table inet swanshell_nflog</c> exists, from <c>nft -j list tables</c>.</summary>
    public bool TableExists()
    {
        using var json = JsonDocument.Parse(Run(null, "-j", "list", "tables"));
        return json.RootElement.GetProperty("nftables").EnumerateArray()
            .Where(item => item.TryGetProperty("table", out _))
            .Select(item => item.GetProperty("table"))
            .Any(table => table.GetProperty("family").GetString() == NflogRuleset.Family && table.GetProperty("name").GetString() == NflogRuleset.TableName);
    }

    /// <summary>How many rules our table holds, from <c>nft -j list table</c>; 0 when it does not exist.</summary>
    public int CountRules()
    {
        if (!TableExists())
        {
            return 0;
        }

        using var json = JsonDocument.Parse(Run(null, "-j", "list", "table", NflogRuleset.Family, NflogRuleset.TableName));
        return json.RootElement.GetProperty("nftables").EnumerateArray().Count(item => item.TryGetProperty("rule", out _));
    }

    private List<string> Command(string[] arguments) =>
        NetworkNamespace is null ? ["nft", .. arguments] : ["ip", "netns", "exec", NetworkNamespace, "nft", .. arguments];

    private string Run(string? input, params string[] arguments)
    {
        var command = Command(arguments);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new NftException($"{command[0]} could not be started.");
        }
        catch (Win32Exception)
        {
            throw new NftException($"{command[0]} is not installed: install the Debian package {(command[0] == "nft" ? "nftables" : "iproute2")}.", notInstalled: true);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(input ?? string.Empty);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited before reading its input (ip netns exec of a namespace that is gone); its exit code and stderr say why.
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new NftException($"'{string.Join(' ', command)}' failed (exit code {process.ExitCode}): {error.GetAwaiter().GetResult().Trim()}");
            }

            return output;
        }
    }
}

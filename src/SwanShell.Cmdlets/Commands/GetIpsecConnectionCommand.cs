using System.Management.Automation;
using SwanShell.Engine.Config;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>The conns of an ipsec.conf as typed objects; needs no daemon.</summary>
[Cmdlet(VerbsCommon.Get, "IpsecConnection")]
[OutputType(typeof(IpsecConnection))]
public sealed class GetIpsecConnectionCommand : PSCmdlet
{
    [Parameter(Position = 1)]
    public string Config { get; set; } = ConfigurationFiles.DefaultConfig;

    [Parameter]
    public string? RootDirectory { get; set; }

    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = ["*"];

    protected override void EndProcessing()
    {
        var (root, path) = ConfigurationFiles.Locate(this, Config, RootDirectory);
        var config = IpsecConfReader.Read(path, root);
        foreach (var diagnostic in config.Diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Warning)
            {
                WriteWarning(diagnostic.ToString());
            }
            else
            {
                var error = new InvalidDataException(diagnostic.ToString());
                WriteError(new ErrorRecord(error, "IpsecConfigurationError", ErrorCategory.InvalidData, diagnostic.File));
            }
        }

        var patterns = Name.Select(name => WildcardPattern.Get(name, WildcardOptions.IgnoreCase)).ToList();
        var found = new HashSet<WildcardPattern>();
        foreach (var conn in config.Connections)
        {
            var matching = patterns.Where(pattern => pattern.IsMatch(conn.Name) || conn.Aliases.Any(pattern.IsMatch)).ToList();
            if (matching.Count > 0)
            {
                found.UnionWith(matching);
                WriteObject(new IpsecConnection(conn));
            }
        }

        foreach (var name in Name.Where((name, i) => !found.Contains(patterns[i]) && !WildcardPattern.ContainsWildcardCharacters(name)))
        {
            var error = new ItemNotFoundException($"No conn named '{name}' in {path}.");
            WriteError(new ErrorRecord(error, "IpsecConnectionNotFound", ErrorCategory.ObjectNotFound, name));
        }
    }
}

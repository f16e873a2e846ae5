using System.Management.Automation;
using SwanShell.Engine.Control;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary><c>ipsec auto --add</c> (and <c>--replace</c> with -Replace): loads conns of an ipsec.conf into the daemon.</summary>
[Cmdlet(VerbsCommon.Add, "IpsecConnection", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(IpsecConnectionStatus))]
public sealed class AddIpsecConnectionCommand : DaemonCmdlet
{
    private const string ByName = "ByName";
    private const string All = "All";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ConfigConnectionNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Every conn whose auto= is not ignore.</summary>
    [Parameter(Mandatory = true, ParameterSetName = All)]
    public SwitchParameter AllConnections { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ConfigPath", "File")]
    public string Config { get; set; } = "/etc/ipsec.conf";

    /// <summary>Delete a connection of the same name first and reread the secrets (ipsec auto --replace); a new definition that cannot be used leaves the old one.</summary>
    [Parameter]
    public SwitchParameter Replace { get; set; }

    protected override void ProcessRecord()
    {
        var config = GetUnresolvedProviderPathFromPSPath(Config);
        try
        {
            var changes = PlanThenChange(
                "add",
                whatIf => new AddConnectionsArguments(config, Name, AllConnections, Replace, whatIf),
                ControlJsonContext.Default.AddConnectionsArguments,
                ControlJsonContext.Default.IReadOnlyListConnectionChange,
                AllConnections ? $"Add every conn of {config}" : $"Add {string.Join(", ", Name.Select(n => $"'{n}'"))} from {config}",
                plan => plan.SelectMany(change => change.Operations));
            if (changes is null)
            {
                return;
            }

            // Only the conns just added: asking for all of them would make each add cost as much as there are conns.
            var query = new ConnectionsQuery([.. changes.Select(c => c.Name).Distinct(StringComparer.Ordinal)]);
            foreach (var status in Request("connections", query, ControlJsonContext.Default.ConnectionsQuery, ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus))
            {
                WriteObject(status);
            }
        }
        catch (DaemonRequestException e)
        {
            WriteError(e, AllConnections ? config : string.Join(",", Name));
        }
    }
}

using System.Diagnostics;
using System.Management.Automation;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Control;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>
/// <c>ipsec whack</c>: direct requests to the daemon for what has no cmdlet of its own — status, traffic and global
/// status, listen, shutdown, delete one SA by serial, rekey, and the certificates and public keys it would use.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "IpsecWhack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = StatusSet)]
[OutputType(typeof(IpsecConnectionStatus), ParameterSetName = [StatusSet])]
[OutputType(typeof(IpsecTrafficStatus), ParameterSetName = [TrafficStatusSet])]
[OutputType(typeof(IpsecGlobalStatus), ParameterSetName = [GlobalStatusSet])]
[OutputType(typeof(ListenResult), ParameterSetName = [ListenSet])]
[OutputType(typeof(ConnectionChange), ParameterSetName = [DeleteStateSet, RekeyIkeSet, RekeyChildSet])]
[OutputType(typeof(IpsecCertificate), ParameterSetName = [ListCertsSet])]
[OutputType(typeof(IpsecPublicKey), ParameterSetName = [ListPubKeysSet])]
[OutputType(typeof(DebugResult), ParameterSetName = [DebugSet])]
public sealed class InvokeIpsecWhackCommand : DaemonCmdlet
{
    private const string StatusSet = "Status";
    private const string TrafficStatusSet = "TrafficStatus";
    private const string GlobalStatusSet = "GlobalStatus";
    private const string ListenSet = "Listen";
    private const string ShutdownSet = "Shutdown";
    private const string DeleteStateSet = "DeleteState";
    private const string RekeyIkeSet = "RekeyIke";
    private const string RekeyChildSet = "RekeyChild";
    private const string ListCertsSet = "ListCerts";
    private const string ListPubKeysSet = "ListPubKeys";
    private const string DebugSet = "Debug";

    /// <summary><c>--status</c>: every connection with its SAs (as Get-IpsecStatus).</summary>
    [Parameter(ParameterSetName = StatusSet)]
    public SwitchParameter Status { get; set; }

    /// <summary><c>--trafficstatus</c>: one object per established Child SA with its counters.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TrafficStatusSet)]
    public SwitchParameter TrafficStatus { get; set; }

    /// <summary><c>--globalstatus</c>: counts of connections and SAs, now and since the start.</summary>
    [Parameter(Mandatory = true, ParameterSetName = GlobalStatusSet)]
    public SwitchParameter GlobalStatus { get; set; }

    /// <summary><c>--listen</c>: listen on addresses that appeared since the start, and reread the secrets.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ListenSet)]
    public SwitchParameter Listen { get; set; }

    /// <summary><c>--shutdown</c>: the daemon deletes its SAs (telling the peers), removes its kernel state and exits.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ShutdownSet)]
    public SwitchParameter Shutdown { get; set; }

    /// <summary><c>--deletestate N</c>: deletes the IKE SA (with its Child SAs) or the Child SA with serial N.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DeleteStateSet)]
    public ulong DeleteState { get; set; }

    /// <summary><c>--rekey-ike</c>: rekeys the connection's IKE SA (new SPIs and keys; the Child SAs stay).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RekeyIkeSet)]
    public SwitchParameter RekeyIke { get; set; }

    /// <summary><c>--rekey-child</c>: rekeys each of the connection's Child SAs.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RekeyChildSet)]
    public SwitchParameter RekeyChild { get; set; }

    /// <summary><c>--listcerts</c>: the certificates of the store.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ListCertsSet)]
    public SwitchParameter ListCerts { get; set; }

    /// <summary><c>--listpubkeys</c>: the public keys of the store's certificates.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ListPubKeysSet)]
    public SwitchParameter ListPubKeys { get; set; }

    /// <summary>
    /// <c>--debug CLASS</c>: the daemon's debug logging, at once: none, or base (a line per IKE message); all and tmi are
    /// the same as base. (Not -Debug: that is PowerShell's own common parameter.)
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = DebugSet)]
    [ValidateSet("none", "base", "all", "tmi")]
    public string? DebugClass { get; set; }

    /// <summary>The connection (<c>--name</c>): required to rekey; a wildcard filter for the status sets.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RekeyIkeSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RekeyChildSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = StatusSet)]
    [Parameter(Position = 0, ParameterSetName = TrafficStatusSet)]
    [ArgumentCompleter(typeof(DaemonConnectionNameCompleter))]
    public string? Name { get; set; }

    /// <summary>The certificate store's directory. Default: the daemon's store (its nssdir=), as whack asks pluto.</summary>
    [Parameter(ParameterSetName = ListCertsSet)]
    [Parameter(ParameterSetName = ListPubKeysSet)]
    public string? StorePath { get; set; }

    /// <summary>How long -Shutdown waits for the daemon to exit.</summary>
    [Parameter(ParameterSetName = ShutdownSet)]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 15;

    protected override void ProcessRecord()
    {
        try
        {
            switch (ParameterSetName)
            {
                case StatusSet:
                    Connections().ToList().ForEach(WriteObject);
                    break;
                case TrafficStatusSet:
                    foreach (var connection in Connections())
                    {
                        connection.ChildSas.Select(child => new IpsecTrafficStatus(connection, child)).ToList().ForEach(WriteObject);
                    }

                    break;
                case GlobalStatusSet:
                    WriteObject(Request("globalstatus", ControlJsonContext.Default.IpsecGlobalStatus));
                    break;
                case ListenSet:
                    WriteIfDone(PlanThenChange("listen", whatIf => new ListenArguments(whatIf), ControlJsonContext.Default.ListenArguments,
                        ControlJsonContext.Default.ListenResult, "Listen for IKE on new addresses and reread the secrets", plan => plan.Operations));
                    break;
                case ShutdownSet:
                    ShutDown();
                    break;
                case DeleteStateSet:
                    WriteIfDone(PlanThenChange("deletestate", whatIf => new DeleteStateArguments(DeleteState, whatIf), ControlJsonContext.Default.DeleteStateArguments,
                        ControlJsonContext.Default.ConnectionChange, $"Delete state #{DeleteState}", plan => plan.Operations));
                    break;
                case RekeyIkeSet or RekeyChildSet:
                    var ike = ParameterSetName == RekeyIkeSet;
                    WriteIfDone(PlanThenChange("rekey", whatIf => new RekeyArguments(Name!, ike, whatIf), ControlJsonContext.Default.RekeyArguments,
                        ControlJsonContext.Default.ConnectionChange, $"Rekey the {(ike ? "IKE SA" : "Child SAs")} of connection '{Name}'", plan => plan.Operations));
                    break;
                case DebugSet:
                    WriteIfDone(PlanThenChange("debug", whatIf => new DebugArguments(DebugClass!, whatIf), ControlJsonContext.Default.DebugArguments,
                        ControlJsonContext.Default.DebugResult, $"Set the daemon's debug logging to '{DebugClass}'", plan => plan.Operations));
                    break;
                case ListCertsSet:
                    CertificateStoreCmdlet.Try(this, WriteCertificates, StorePath);
                    break;
                case ListPubKeysSet:
                    CertificateStoreCmdlet.Try(this, WritePublicKeys, StorePath);
                    break;
            }
        }
        catch (DaemonRequestException e)
        {
            WriteError(e, Name ?? (ParameterSetName == DeleteStateSet ? $"#{DeleteState}" : null));
        }
    }

    private void WriteIfDone(object? result)
    {
        if (result is not null)
        {
            WriteObject(result);
        }
    }

    private IEnumerable<IpsecConnectionStatus> Connections()
    {
        var pattern = new WildcardPattern(Name ?? "*", WildcardOptions.IgnoreCase);
        return Request("connections", ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus)
            .Where(c => pattern.IsMatch(c.Name))
            .OrderBy(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>Asks the daemon to stop and waits until its process is gone, so that a script may start another at once.</summary>
    private void ShutDown()
    {
        var info = Request("status", ControlJsonContext.Default.DaemonInfo);
        if (!ShouldProcess($"the SwanShell daemon pid {info.ProcessId} in {Run.Path}: it deletes its SAs (telling the peers), removes its kernel state and exits", "Shut down"))
        {
            return;
        }

        Request("shutdown", null);
        try
        {
            using var process = Process.GetProcessById(info.ProcessId);
            if (!process.WaitForExit(TimeSpan.FromSeconds(TimeoutSec)))
            {
                WriteWarning($"The daemon (pid {info.ProcessId}) took the shutdown request but has not exited within {TimeoutSec} s.");
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private CertificateStore Store() => CertificateStore.Resolve(StorePath is not null
        ? GetUnresolvedProviderPathFromPSPath(StorePath)
        : Request("status", ControlJsonContext.Default.DaemonInfo).CertificateStore);

    private void WriteCertificates()
    {
        var store = Store();
        store.List().ToList().ForEach(c => WriteObject(new IpsecCertificate(c, store.Path)));
    }

    private void WritePublicKeys()
    {
        var store = Store();
        foreach (var stored in store.List())
        {
            using var certificate = store.Load(stored.Name, withPrivateKey: false);
            WriteObject(new IpsecPublicKey(stored.Name, certificate, stored.HasPrivateKey));
        }
    }
}

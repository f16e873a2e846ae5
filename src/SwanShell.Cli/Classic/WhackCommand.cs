using SwanShell.Engine.Daemon.Logging;

namespace SwanShell.Cli.Classic;

/// <summary>
/// <c>ipsec whack [--ctlsocket PATH] REQUEST [--name NAME]</c> onto Invoke-IpsecWhack, with libreswan's option names; one
/// request per call, as libreswan 5's whack takes it.
/// </summary>
internal sealed class WhackCommand : IClassicCommand
{
    /// <param name="Switch">Invoke-IpsecWhack's switch for the request.</param>
    /// <param name="Name">Whether <c>--name</c> is required, allowed or refused.</param>
    /// <param name="Result">How its output is printed.</param>
    private sealed record Request(string Switch, NameUse Name, ClassicResult Result);

    private enum NameUse
    {
        Refused,
        Allowed,
        Required,
    }

    private static readonly Dictionary<string, Request> Requests = new(StringComparer.Ordinal)
    {
        ["--status"] = new("Status", NameUse.Allowed, WhackText.Status),
        ["--trafficstatus"] = new("TrafficStatus", NameUse.Allowed, WhackText.TrafficStatus),
        ["--globalstatus"] = new("GlobalStatus", NameUse.Refused, WhackText.GlobalStatus),
        ["--listen"] = new("Listen", NameUse.Refused, WhackText.Listen),
        ["--shutdown"] = new("Shutdown", NameUse.Refused, WhackText.Quiet),
        ["--deletestate"] = new("DeleteState", NameUse.Refused, WhackText.Quiet),
        ["--rekey-ike"] = new("RekeyIke", NameUse.Required, WhackText.Quiet),
        ["--rekey-child"] = new("RekeyChild", NameUse.Required, WhackText.Quiet),
        // libreswan 4.x's name of --rekey-child.
        ["--rekey-ipsec"] = new("RekeyChild", NameUse.Required, WhackText.Quiet),
        ["--listcerts"] = new("ListCerts", NameUse.Refused, ClassicResults.Views),
        ["--listpubkeys"] = new("ListPubKeys", NameUse.Refused, ClassicResults.Views),
        ["--debug"] = new("DebugClass", NameUse.Refused, WhackText.Quiet),
    };

    public string Name => "whack";

    public string Synopsis => "direct requests to the daemon: status, trafficstatus, globalstatus, listen, shutdown, deletestate, rekey, debug";

    public string Usage => """
        Usage: ipsec whack [--ctlsocket PATH] [--rundir DIR] REQUEST
          REQUEST: --status [--name NAME] | --trafficstatus [--name NAME] | --globalstatus | --listen | --shutdown
                   | --deletestate SERIAL | --rekey-ike --name NAME | --rekey-child --name NAME
                   | --listcerts | --listpubkeys | --debug none|base|all|tmi
        """;

    public ClassicAction Translate(IReadOnlyList<string> arguments, ClassicContext context)
    {
        var reader = new ClassicArguments(arguments, $"ipsec {Name}", Usage);
        string? requestName = null, name = null, value = null;
        var runDirectory = context.RunDirectory;
        while (reader.Next() is { } argument)
        {
            switch (argument)
            {
                case "--name": name = reader.Value(); break;
                case "--ctlsocket": runDirectory = Path.GetDirectoryName(Path.GetFullPath(reader.Value())); break;
                case var request when Requests.ContainsKey(request):
                    requestName = requestName is null ? request : throw reader.Error($"one request at a time, not {requestName} and {request}");
                    if (request == "--deletestate")
                    {
                        value = reader.Value();
                        if (!ulong.TryParse(value, out _))
                        {
                            throw reader.Error($"--deletestate needs an SA serial number, not '{value}'");
                        }
                    }
                    else if (request == "--debug")
                    {
                        value = reader.Value();
                        if (!DebugClasses.TryParse(value, out _))
                        {
                            throw reader.Error(DebugClasses.Unknown(value));
                        }
                    }

                    break;
                case "--impair":
                    throw reader.Error("--impair is not supported: SwanShell's daemon has no impairments (libreswan's deliberate misbehaviours for testing)");
                case var option when ClassicArguments.IsOption(option):
                    throw reader.Error($"unknown option '{option}'");
                default:
                    throw reader.Error($"unexpected argument '{argument}'");
            }
        }

        var chosen = requestName is null ? throw reader.Error("no request given") : Requests[requestName];
        if (chosen.Name == NameUse.Required && name is null)
        {
            throw reader.Error($"{requestName} needs --name NAME");
        }

        if (chosen.Name == NameUse.Refused && name is not null)
        {
            throw reader.Error($"{requestName} takes no --name");
        }

        var command = new PowerShellCommand("Invoke-IpsecWhack")
            .Switch(chosen.Switch, value is null)
            .Parameter(chosen.Switch, value)
            .Parameter("Name", name)
            .Parameter("RunDirectory", runDirectory);
        return new CmdletAction(command.ToString(), chosen.Result);
    }
}

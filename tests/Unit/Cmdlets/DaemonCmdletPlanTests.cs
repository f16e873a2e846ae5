using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.Engine.Native;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>
/// -WhatIf and -Verbose show the daemon's plan of a change, asked for with WhatIf set before the change, and a
/// confirmation prompt comes only once the plan says the change can be made; when none of them applies the plan has no
/// use, so the daemon is asked for the change only (an add of 10,000 conns would otherwise be read, oriented and
/// described twice).
/// </summary>
#pragma warning disable CA1001 // xunit disposes it through IAsyncLifetime.
public sealed class DaemonCmdletPlanTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly DirectoryInfo _run = Directory.CreateTempSubdirectory("swanshell-plan-");
    private readonly RecordingHandler _daemon = new();
    private readonly HostedShell _shell = PowerShellFixture.NewShell("n");
    private ControlServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new ControlServer(Path.Combine(_run.FullName, "pluto.ctl"), _daemon, new ControlAccessPolicy(LibC.GetEUid()), _ => { });
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _shell.Dispose();
        await _server.DisposeAsync();
        _run.Delete(recursive: true);
    }

    private string Add => $"Add-IpsecConnection west -Config /etc/ipsec.conf -RunDirectory '{_run.FullName}'";

    [Fact]
    public void Change_WithNothingToShowThePlan_AsksTheDaemonOnlyForTheChange()
    {
        _shell.Run(Add);

        Assert.Equal(["add", "connections"], _daemon.Requests);
    }

    [Fact]
    public void Change_WithConfirmFalse_AsksOnlyForTheChange()
    {
        _shell.Run($"$ConfirmPreference = 'Low'; {Add} -Confirm:$false");

        Assert.Equal(["add", "connections"], _daemon.Requests);
    }

    [Fact]
    public void Change_Verbose_AsksForThePlanFirst_AndShowsItsSteps()
    {
        _shell.Run($"{Add} -Verbose");

        Assert.Equal(["add -WhatIf", "add", "connections"], _daemon.Requests);
        Assert.Contains(_shell.Streams.Verbose, v => v.Message.Contains("1. add connection 'west'", StringComparison.Ordinal));
    }

    [Fact]
    public void Change_WhatIf_AsksOnlyForThePlan()
    {
        _shell.Run($"{Add} -WhatIf");

        Assert.Equal(["add -WhatIf"], _daemon.Requests);
        Assert.Contains("1. add connection 'west'", _shell.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-Confirm")]
    [InlineData("$ConfirmPreference = 'Medium';")]
    public void Change_ToConfirm_IsPlannedBeforeThePrompt_AndAnsweredNoChangesNothing(string confirm)
    {
        _shell.Run(confirm.StartsWith('$') ? $"{confirm} {Add}" : $"{Add} {confirm}");

        Assert.Equal(["add -WhatIf"], _daemon.Requests);
        Assert.Contains("Add 'west' from /etc/ipsec.conf?", _shell.Text, StringComparison.Ordinal);
    }

    /// <summary>Answers add and connections as the daemon would for one conn, and records each request.</summary>
    private sealed class RecordingHandler : IControlHandler
    {
        private readonly List<string> _requests = [];

        public List<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public Task<JsonElement?> HandleAsync(ControlRequest request, Action<ControlEvent> events, CancellationToken cancellationToken)
        {
            JsonElement? result;
            string seen;
            switch (request.Command)
            {
                case "add":
                    var arguments = request.Arguments!.Value.Deserialize(ControlJsonContext.Default.AddConnectionsArguments)!;
                    seen = arguments.WhatIf ? "add -WhatIf" : "add";
                    IReadOnlyList<ConnectionChange> changes = [new("west", "Added", ["add connection 'west': 127.0.0.1...127.0.0.2"], !arguments.WhatIf)];
                    result = ControlServer.ToResult(changes, ControlJsonContext.Default.IReadOnlyListConnectionChange);
                    break;
                case "connections":
                    seen = "connections";
                    result = ControlServer.ToResult<IReadOnlyList<IpsecConnectionStatus>>([], ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus);
                    break;
                default:
                    throw new ControlException(ControlErrorCodes.UnknownCommand, request.Command);
            }

            lock (_requests)
            {
                _requests.Add(seen);
            }

            return Task.FromResult(result);
        }
    }
}

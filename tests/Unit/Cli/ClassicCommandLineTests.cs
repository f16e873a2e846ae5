using SwanShell.Cli.Classic;
using SwanShell.Engine.Certificates;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Native;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cli;

/// <summary>
/// <c>swanshell ipsec …</c>: libreswan's command line translated onto the cmdlets (pure translation tests), and the real
/// executable against a real daemon for the texts and exit codes of ipsec(8), ipsec_auto(8) and ipsec_setup(8).
/// </summary>
public sealed class ClassicCommandLineTests
{
    private const string Conns = """
        conn west-east
            authby=secret
            left=127.0.0.1
            right=127.0.0.2
            auto=add

        """;

    [Theory]
    [InlineData("auto --add x", "Add-IpsecConnection -Name 'x'")]
    [InlineData("auto --replace x --config /e/ipsec.conf", "Add-IpsecConnection -Name 'x' -Replace -Config '/e/ipsec.conf' && Update-IpsecSecret")]
    [InlineData("auto --showonly --replace x --rundir /r", "Add-IpsecConnection -Name 'x' -Replace -RunDirectory '/r' -WhatIf && Update-IpsecSecret -RunDirectory '/r' -WhatIf")]
    [InlineData("auto --config=/e/ipsec.conf --add x", "Add-IpsecConnection -Name 'x' -Config '/e/ipsec.conf'")]
    [InlineData("auto --delete x", "Remove-IpsecConnection -Name 'x'")]
    [InlineData("auto --showonly --up x", "Start-IpsecConnection -Name 'x' -WhatIf")]
    [InlineData("auto --asynchronous --up x", "Start-IpsecConnection -Name 'x' -NoWait")]
    [InlineData("auto --asynchronous --down x", "Stop-IpsecConnection -Name 'x'")]
    [InlineData("auto --verbose --route x", "Add-IpsecRoute -Name 'x' -Verbose")]
    [InlineData("auto --unroute x --config /ignored.conf", "Remove-IpsecRoute -Name 'x'")]
    [InlineData("auto --status", "Get-IpsecStatus")]
    [InlineData("auto --ready", "Start-IpsecListener")]
    [InlineData("auto --showonly --status", "Get-IpsecStatus")]
    [InlineData("auto --rereadsecrets", "Update-IpsecSecret")]
    [InlineData("--rundir /r auto --down x", "Stop-IpsecConnection -Name 'x' -RunDirectory '/r'")]
    [InlineData("auto --down x --rundir=/r", "Stop-IpsecConnection -Name 'x' -RunDirectory '/r'")]
    [InlineData("setup start", "Invoke-IpsecSetup -Action 'Start'")]
    [InlineData("setup --showonly stop", "Invoke-IpsecSetup -Action 'Stop' -WhatIf")]
    [InlineData("setup --show restart", "Invoke-IpsecSetup -Action 'Restart' -Verbose")]
    [InlineData("setup --showonly status", "Invoke-IpsecSetup -Action 'Status'")]
    [InlineData("addconn --checkconfig --config /c.conf", "Test-IpsecConfiguration -Config '/c.conf'")]
    [InlineData("initnss", "Initialize-IpsecCertificateStore")]
    [InlineData("checknss --settrusts", "Test-IpsecCertificateStore -SetTrust")]
    [InlineData("import /tmp/a.p12", "Import-IpsecCertificate -Path '/tmp/a.p12'")]
    [InlineData("initnss --nssdir /s", "Initialize-IpsecCertificateStore -StorePath '/s'")]
    [InlineData("checknss --config /c.conf --settrusts", "Test-IpsecCertificateStore -Config '/c.conf' -SetTrust")]
    [InlineData("import --nssdir /s --config /c.conf /tmp/a.p12", "Import-IpsecCertificate -StorePath '/s' -Config '/c.conf' -Path '/tmp/a.p12'")]
    [InlineData("checknflog --config /c.conf", "Enable-IpsecNflog -Config '/c.conf'")]
    [InlineData("stopnflog", "Disable-IpsecNflog")]
    [InlineData("--version", "Get-IpsecVersion")]
    [InlineData("--directory", "Get-IpsecVersion")]
    [InlineData("whack --status", "Invoke-IpsecWhack -Status")]
    [InlineData("whack --status --name x", "Invoke-IpsecWhack -Status -Name 'x'")]
    [InlineData("whack --trafficstatus --rundir /r", "Invoke-IpsecWhack -TrafficStatus -RunDirectory '/r'")]
    [InlineData("whack --globalstatus --ctlsocket /run/other/pluto.ctl", "Invoke-IpsecWhack -GlobalStatus -RunDirectory '/run/other'")]
    [InlineData("whack --listen", "Invoke-IpsecWhack -Listen")]
    [InlineData("whack --shutdown", "Invoke-IpsecWhack -Shutdown")]
    [InlineData("whack --deletestate 7", "Invoke-IpsecWhack -DeleteState '7'")]
    [InlineData("whack --deletestate=7", "Invoke-IpsecWhack -DeleteState '7'")]
    [InlineData("whack --name x --rekey-ike", "Invoke-IpsecWhack -RekeyIke -Name 'x'")]
    [InlineData("whack --rekey-child --name x", "Invoke-IpsecWhack -RekeyChild -Name 'x'")]
    [InlineData("whack --rekey-ipsec --name x", "Invoke-IpsecWhack -RekeyChild -Name 'x'")]
    [InlineData("whack --listcerts", "Invoke-IpsecWhack -ListCerts")]
    [InlineData("whack --listpubkeys", "Invoke-IpsecWhack -ListPubKeys")]
    [InlineData("whack --debug all", "Invoke-IpsecWhack -DebugClass 'all'")]
    [InlineData("whack --debug=none", "Invoke-IpsecWhack -DebugClass 'none'")]
    [InlineData("barf", "Get-IpsecDiagnostic")]
    [InlineData("--rundir /r barf --config /c.conf", "Get-IpsecDiagnostic -Config '/c.conf' -RunDirectory '/r'")]
    public void Translate_MapsTheClassicSyntaxOntoOneCmdlet(string arguments, string command)
    {
        var action = Assert.IsType<CmdletAction>(ClassicCommandLine.Translate(arguments.Split(' ')));

        Assert.Equal(command, action.Command);
    }

    [Fact]
    public void Translate_QuotesNamesAsLiterals()
    {
        var action = Assert.IsType<CmdletAction>(ClassicCommandLine.Translate(["auto", "--add", "it's $(rm -rf /)"]));

        Assert.Equal("Add-IpsecConnection -Name 'it''s $(rm -rf /)'", action.Command);
    }

    [Theory]
    [InlineData("auto --show --up x", true, true)]
    [InlineData("setup --show start", true, true)]
    [InlineData("setup --show status", false, false)]
    [InlineData("auto --verbose --up x", false, true)]
    public void Translate_Show_EchoesTheCommandLikeShellX_AndIsVerbose(string arguments, bool echo, bool verbose)
    {
        var action = Assert.IsType<CmdletAction>(ClassicCommandLine.Translate(arguments.Split(' ')));

        Assert.Equal(echo, action.Echo);
        Assert.Equal(verbose, action.Command.EndsWith(" -Verbose", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bogus")]
    [InlineData("--bogus")]
    [InlineData("--rundir")]
    [InlineData("auto")]
    [InlineData("auto x")]
    [InlineData("auto --up")]
    [InlineData("auto --status x")]
    [InlineData("auto --add x y")]
    [InlineData("auto --add x --up")]
    [InlineData("auto --bogus --add x")]
    [InlineData("auto --config")]
    [InlineData("auto --verbose=yes --add x")]
    [InlineData("setup")]
    [InlineData("setup start stop")]
    [InlineData("setup --bogus status")]
    [InlineData("setup begin")]
    [InlineData("addconn")]
    [InlineData("addconn --checkconfig extra")]
    [InlineData("import")]
    [InlineData("import a.p12 b.p12")]
    [InlineData("initnss --force")]
    [InlineData("whack")]
    [InlineData("whack --bogus")]
    [InlineData("whack --status --listen")]
    [InlineData("whack --rekey-ike")]
    [InlineData("whack --globalstatus --name x")]
    [InlineData("whack --deletestate")]
    [InlineData("whack --deletestate seven")]
    [InlineData("whack --status extra")]
    [InlineData("whack --name")]
    [InlineData("barf --bogus")]
    [InlineData("barf extra")]
    public void Translate_BadCommandLine_IsAUsageError(string arguments)
    {
        Assert.Throws<ClassicUsageException>(() => ClassicCommandLine.Translate(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("whack --help", 0, false)]
    [InlineData("barf --help", 0, false)]
    [InlineData("--help", 0, false)]
    [InlineData("auto --help", 0, false)]
    [InlineData("setup -h", 0, false)]
    public void Translate_CommandsWithoutCmdlet_AnswerWithText(string arguments, int exitCode, bool toStandardError)
    {
        var action = Assert.IsType<TextAction>(ClassicCommandLine.Translate(arguments.Split(' ')));

        Assert.Equal(exitCode, action.ExitCode);
        Assert.Equal(toStandardError, action.ToStandardError);
    }

    [Fact]
    public void Help_ListsEveryCommand()
    {
        foreach (var command in new[] { "auto", "setup", "addconn", "initnss", "checknss", "import", "checknflog", "stopnflog", "whack", "barf" })
        {
            Assert.Contains($"  {command} ", ClassicCommandLine.Help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SetupStatus_Healthy_IsOneLineAndExitsZero()
    {
        var running = Status(running: true, pid: 42);

        Assert.Equal(["IPsec running, pluto pid 42"], ClassicResults.ServiceStatus.Lines(running));
        Assert.Equal(0, ClassicResults.ServiceStatus.ExitCode([running], succeeded: true));
        Assert.Equal(0, ClassicResults.ServiceStatus.ExitCode([Status(running: false)], succeeded: true));
    }

    [Fact]
    public void SetupStatus_SomethingStrange_GoesIntoDetailAndExitsOne()
    {
        var dead = Status(running: false, lockPid: 42, staleLock: true, illicit: [7]);

        var lines = ClassicResults.ServiceStatus.Lines(dead).ToList();

        Assert.Equal("IPsec stopped", lines[0]);
        Assert.Contains(lines, l => l.Contains("illicit pluto pid(s) 7", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("stale lock file: pid 42", StringComparison.Ordinal));
        Assert.Equal(1, ClassicResults.ServiceStatus.ExitCode([dead], succeeded: true));
    }

    [Fact]
    public void AnyResult_CmdletError_ExitsOne()
    {
        Assert.Equal(1, ClassicResults.Views.ExitCode([], succeeded: false));
        Assert.Equal(0, ClassicResults.Views.ExitCode([], succeeded: true));
    }

    [Fact]
    public void Process_AutoAddAndReplace_PrintLibreswansLine_AndAddTwiceExitsOne()
    {
        // A PSK for the conn: --replace checks that the replacement can authenticate before the old conn goes.
        using var daemon = new DaemonFixture(Conns, secretsText: ": PSK \"for extra\"\n");
        var config = daemon.WriteConfig("more.conf", "conn extra\n    authby=secret\n    left=127.0.0.1\n    right=127.0.0.5\n");

        var added = Ipsec(daemon, "auto", "--add", "extra", "--config", config);
        var again = Ipsec(daemon, "auto", "--add", "extra", "--config", config);
        var replaced = Ipsec(daemon, "auto", "--replace", "extra", "--config", config);

        Assert.Equal((0, "\"extra\": added IKEv2 connection\n"), (added.ExitCode, added.Output));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already added", again.Error, StringComparison.Ordinal);
        Assert.Equal((0, "\"extra\": added IKEv2 connection\n", string.Empty), (replaced.ExitCode, replaced.Output, replaced.Error));
    }

    [Fact]
    public void Process_AutoShowOnlyUp_PrintsWhatIfAndChangesNothing()
    {
        using var daemon = new DaemonFixture(Conns);

        var result = Ipsec(daemon, "auto", "--showonly", "--up", "west-east");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("What if: Bring up connection 'west-east':", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"west-east\s+Added", Ipsec(daemon, "auto", "--status").Output);
    }

    [Fact]
    public void Process_SetupStatus_ExitsZeroWhileRunning_AndOneAfterTheDaemonWasKilled()
    {
        using var daemon = new DaemonFixture(Conns);

        var running = SwanShellProcess.Run(["ipsec", "--rundir", daemon.Path, "setup", "status"]);
        LibC.Kill(daemon.ProcessId, 9);
        WaitUntilGone(daemon.ProcessId);
        var killed = Ipsec(daemon, "setup", "status");

        Assert.Equal((0, $"IPsec running, pluto pid {daemon.ProcessId}\n"), (running.ExitCode, running.Output));
        Assert.Equal(1, killed.ExitCode);
        Assert.StartsWith("IPsec stopped\n", killed.Output, StringComparison.Ordinal);
        Assert.Contains("stale", killed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_SetupStop_Twice_TheSecondComplainsAndExitsOne()
    {
        using var daemon = new DaemonFixture(Conns);

        var first = Ipsec(daemon, "setup", "stop");
        var second = Ipsec(daemon, "setup", "stop");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("not running", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_UnknownOption_PrintsUsageOnStandardErrorAndExitsTwo()
    {
        var result = SwanShellProcess.Run(["ipsec", "auto", "--bogus", "--up", "x"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.StartsWith("ipsec auto: unknown option '--bogus'\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: ipsec auto", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--debug private", "ipsec whack: Unknown debug class 'private': SwanShell's daemon knows none, base, all, tmi")]
    [InlineData("--impair suppress-retransmits", "ipsec whack: --impair is not supported")]
    public void Process_WhackDebugOfAnUnknownClass_AndImpair_AreErrorsThatExitTwo(string arguments, string error)
    {
        var result = SwanShellProcess.Run(["ipsec", "whack", .. arguments.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_CheckConfig_ExitsOneOnErrorsAndZeroOnAGoodFile()
    {
        using var run = new TempRunDirectory();
        var good = Path.Combine(run.Path, "good.conf");
        var bad = Path.Combine(run.Path, "bad.conf");
        var secrets = Path.Combine(run.Path, "ipsec.secrets");
        File.WriteAllText(secrets, "127.0.0.1 127.0.0.2 : PSK \"not printed\"\n");
        File.WriteAllText(good, $"config setup\n    secretsfile={secrets}\n\n{Conns}");
        File.WriteAllText(bad, "conn broken\n    left=127.0.0.1\n    right=127.0.0.2\n    ike=nonsense-cipher\n");

        var fine = SwanShellProcess.Run(["ipsec", "addconn", "--checkconfig", "--config", good]);
        var broken = SwanShellProcess.Run(["ipsec", "addconn", "--checkconfig", "--config", bad]);

        Assert.Equal((0, string.Empty), (fine.ExitCode, fine.Output.Trim()));
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("bad.conf", broken.Output + broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_Initnss_CreatesTheStore_AndRefusesToClobberIt()
    {
        using var run = new TempRunDirectory();
        var store = new Dictionary<string, string?> { ["SWANSHELL_CERTSTORE"] = Path.Combine(run.Path, "store") };

        var created = SwanShellProcess.Run(["ipsec", "initnss"], environment: store);
        var again = SwanShellProcess.Run(["ipsec", "initnss"], environment: store);

        Assert.Equal((0, string.Empty), (created.ExitCode, created.Error));
        Assert.True(Directory.Exists(Path.Combine(run.Path, "store")));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("Initialize-IpsecCertificateStore:", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_Initnss_FollowsNssdirThenConfigThenTheEnvironment()
    {
        using var run = new TempRunDirectory();
        var config = Path.Combine(run.Path, "ipsec.conf");
        File.WriteAllText(config, $"config setup\n    nssdir={Path.Combine(run.Path, "from-config")}\n");
        var environment = new Dictionary<string, string?> { ["SWANSHELL_CERTSTORE"] = Path.Combine(run.Path, "from-environment") };

        var fromConfig = SwanShellProcess.Run(["ipsec", "initnss", "--config", config], environment: environment);
        var fromOption = SwanShellProcess.Run(["ipsec", "initnss", "--config", config, "--nssdir", Path.Combine(run.Path, "from-option")], environment: environment);
        var checkedByConfig = SwanShellProcess.Run(["ipsec", "checknss", "--config", config], environment: environment);

        Assert.Equal((0, string.Empty), (fromConfig.ExitCode, fromConfig.Error));
        Assert.Equal((0, string.Empty), (fromOption.ExitCode, fromOption.Error));
        Assert.Equal(0, checkedByConfig.ExitCode);
        Assert.True(new CertificateStore(Path.Combine(run.Path, "from-config")).Exists);
        Assert.True(new CertificateStore(Path.Combine(run.Path, "from-option")).Exists);
        Assert.False(Directory.Exists(Path.Combine(run.Path, "from-environment")));
    }

    [Fact]
    public void WhackTrafficStatus_IsLibreswansLine()
    {
        var line = Assert.Single(WhackText.TrafficStatus.Lines(Traffic()));

        Assert.Equal("#2: \"tunnel\", type=ESP, add_time=1700000000, inBytes=84, outBytes=168, maxBytes=2^63B, id='@east'", line);
    }

    [Fact]
    public void WhackStatus_HasTheConnectionBlock_TheTotals_AndTwoLinesPerChildSa()
    {
        var lines = WhackText.Status.Lines(Connection()).ToList();

        Assert.Equal("\"tunnel\": 10.1.0.0/16===127.0.0.1[@west]...127.0.0.2[@east]===10.2.0.0/16; routed-tunnel;", lines[0]);
        Assert.EndsWith("established IKE SA: #1; established Child SA: #2;", lines[1], StringComparison.Ordinal);
        Assert.Equal("Total IPsec connections: loaded 1, routed 1, active 1", lines[2]);
        Assert.Matches(@"^#1: ""tunnel"":500 established IKE SA; REKEY in \d+s; EXPIRE in \d+s; newest; idle;$", lines[3]);
        Assert.Matches(@"^#2: ""tunnel"":500 established Child SA; REKEY in \d+s; EXPIRE in \d+s; newest; eroute owner; IKE SA #1; idle;$", lines[4]);
        Assert.Equal("#2: \"tunnel\" esp.0000beef@127.0.0.2 esp.0000cafe@127.0.0.1 tun.0@127.0.0.2 tun.0@127.0.0.1 Traffic: ESPin=84B ESPout=2KB ESPmax=2^63B", lines[5]);
    }

    [Fact]
    public void Process_WhackAgainstADaemon_StatusTexts_ExitOneOnARefusal_AndShutdown()
    {
        using var daemon = new DaemonFixture(Conns);

        var status = Ipsec(daemon, "whack", "--status");
        var global = Ipsec(daemon, "whack", "--globalstatus");
        var unknown = Ipsec(daemon, "whack", "--deletestate", "99");
        var shutdown = Ipsec(daemon, "whack", "--shutdown");

        Assert.Equal(0, status.ExitCode);
        Assert.StartsWith("\"west-east\": 127.0.0.1/32===127.0.0.1[127.0.0.1]...127.0.0.2[127.0.0.2]===127.0.0.2/32; unrouted;\n", status.Output, StringComparison.Ordinal);
        Assert.Contains("Total IPsec connections: loaded 1, routed 0, active 0\n", status.Output, StringComparison.Ordinal);
        Assert.Equal(0, global.ExitCode);
        Assert.Contains("current.connections.loaded=1\n", global.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no IKE or Child SA #99", unknown.Error, StringComparison.Ordinal);
        Assert.Equal((0, string.Empty, string.Empty), (shutdown.ExitCode, shutdown.Output, shutdown.Error));
        Assert.False(DaemonStatus.Inspect(daemon.RunDirectory).Running);
    }

    [Fact]
    public void Process_Barf_PrintsTheReport_WithoutTheSecret()
    {
        const string Psk = "barf-canary-psk-91b2";
        using var daemon = new DaemonFixture(Conns, secretsText: $"127.0.0.1 127.0.0.2 : PSK \"{Psk}\"\n");

        var result = Ipsec(daemon, "barf");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("SwanShell diagnostic report (ipsec barf)", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"west-east\":", result.Output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1 127.0.0.2 : PreSharedKey [redacted]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Psk, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_Version_IsTheClassicUserKernelSplit()
    {
        var result = SwanShellProcess.Run(["ipsec", "--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^Linux SwanShell U[^/\s]+/K\S+ \(XFRM\)\n$", result.Output);
    }

    private static ProcessResult Ipsec(DaemonFixture daemon, params string[] arguments) =>
        SwanShellProcess.Run(["ipsec", .. arguments], environment: new Dictionary<string, string?> { ["SWANSHELL_RUNDIR"] = daemon.Path });

    private static IpsecConnectionStatus Connection()
    {
        var now = DateTimeOffset.UtcNow;
        return new IpsecConnectionStatus
        {
            Name = "tunnel",
            State = ConnectionState.Established,
            Auto = "add",
            Type = "tunnel",
            LocalAddress = System.Net.IPAddress.Parse("127.0.0.1"),
            RemoteAddress = System.Net.IPAddress.Parse("127.0.0.2"),
            LocalId = "@west",
            RemoteId = "@east",
            LocalSubnets = ["10.1.0.0/16"],
            RemoteSubnets = ["10.2.0.0/16"],
            Reqid = 1,
            Routed = false,
            IkeSas =
            [
                new IpsecIkeSa
                {
                    Serial = 1,
                    Connection = "tunnel",
                    State = "Established",
                    Role = "Initiator",
                    InitiatorSpi = "1",
                    ResponderSpi = "2",
                    LocalEndpoint = "127.0.0.1:500",
                    RemoteEndpoint = "127.0.0.2:500",
                    RekeyAt = now.AddHours(1),
                    ExpiresAt = now.AddHours(2),
                },
            ],
            ChildSas = [Child(now)],
        };
    }

    private static IpsecChildSa Child(DateTimeOffset now) => new()
    {
        Serial = 2,
        Connection = "tunnel",
        IkeSaSerial = 1,
        State = "Installed",
        Protocol = "ESP",
        Mode = "Tunnel",
        InboundSpi = "0000cafe",
        OutboundSpi = "0000beef",
        Reqid = 1,
        LocalTrafficSelectors = [],
        RemoteTrafficSelectors = [],
        BytesIn = 84,
        BytesOut = 2048,
        EstablishedAt = DateTimeOffset.FromUnixTimeSeconds(1700000000),
        RekeyAt = now.AddMinutes(50),
        ExpiresAt = now.AddHours(1),
    };

    private static IpsecTrafficStatus Traffic()
    {
        var connection = Connection();
        return new IpsecTrafficStatus(connection, connection.ChildSas[0] with { BytesOut = 168 });
    }

    private static IpsecServiceStatus Status(bool running, int? pid = null, int? lockPid = null, bool staleLock = false, int[]? illicit = null) =>
        new(new DaemonStatus(new RunDirectory("/run/test"), running, pid, lockPid ?? pid, illicit ?? [], [], staleLock, StaleSocket: false, StalePidFile: false), null);

    private static void WaitUntilGone(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (LibC.ProcessAlive(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }
}

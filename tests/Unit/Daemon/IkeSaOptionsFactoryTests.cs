using System.Net;
using SwanShell.Engine.Config;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Daemon.Ike;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;
using SwanShell.UnitTests.Config;
using SwanShell.UnitTests.Ike.Sa;

namespace SwanShell.UnitTests.Daemon;

public sealed class IkeSaOptionsFactoryTests
{
    [Fact]
    public void Retransmission_ByLibreswanDefaults_DoublesFromHalfASecond_AndGivesUpAfterAMinute()
    {
        var retransmission = IkeSaOptionsFactory.Retransmission(Conn());

        Assert.Equal(TimeSpan.FromMilliseconds(500), retransmission.Timeout);
        Assert.Equal(2, retransmission.Base);
        var total = retransmission.Budget.TotalSeconds;
        Assert.InRange(total, 60, 64);
        Assert.True(total - retransmission.Delay(retransmission.Tries).TotalSeconds < 60, "one try fewer would stop before the timeout");
    }

    [Fact]
    public void Liveness_WithDpddelayZero_IsOff()
    {
        Assert.Null(IkeSaOptionsFactory.Liveness(Conn() with { DpdDelay = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData(AutoStart.Start, LivenessAction.Restart)]
    [InlineData(AutoStart.Keep, LivenessAction.Restart)]
    [InlineData(AutoStart.OnDemand, LivenessAction.Hold)]
    [InlineData(AutoStart.Add, LivenessAction.Clear)]
    public void Liveness_ActionAfterADeadPeer_ComesFromAuto(AutoStart auto, LivenessAction expected)
    {
        var liveness = IkeSaOptionsFactory.Liveness(Conn() with { Auto = auto, DpdDelay = TimeSpan.FromSeconds(30), DpdTimeout = TimeSpan.FromSeconds(90) });

        Assert.Equal(new LivenessOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90), expected), liveness);
    }

    [Fact]
    public void Esp_with_pfs_carries_its_key_exchange_and_additional_key_exchanges_into_the_Child_SA_proposals()
    {
        var esp = Assert.Single(Options("esp=aes_gcm256;dh19;addke1=mlkem768").ChildProposals);

        Assert.Contains(esp.Transforms, t => t.Type == TransformType.KeyExchange && t.Id == (ushort)KeyExchangeTransformId.ECP_256);
        Assert.Contains(esp.Transforms, t => t.Type == TransformType.AdditionalKeyExchange1 && t.Id == (ushort)KeyExchangeTransformId.ML_KEM_768);
    }

    [Fact]
    public void Esp_without_pfs_carries_no_key_exchange()
    {
        var esp = Assert.Single(Options("esp=aes_gcm256\n    pfs=no").ChildProposals);

        Assert.DoesNotContain(esp.Transforms, t => t.Type is TransformType.KeyExchange or TransformType.AdditionalKeyExchange1);
    }

    [Fact]
    public void Hybrid_esp_makes_a_new_Child_SA_run_IKE_FOLLOWUP_KE_between_two_engines_configured_from_ipsec_conf()
    {
        const string Lines = "esp=aes_gcm256;x25519;mlkem768";
        using var engines = new TwoEngines(Options(Lines), Options(Lines, local: "192.0.2.2"));
        var west = engines.Connect();

        engines.Initiator.CreateChildSa(west);
        engines.Network.Run();

        Assert.Equal(2, west.ChildSas.Count);
        Assert.Equal(2, engines.ResponderSa.ChildSas.Count);
        Assert.Contains(west.ChildSas[1].Proposal.Transforms, t => t.Type == TransformType.AdditionalKeyExchange1 && t.Id == (ushort)KeyExchangeTransformId.ML_KEM_768);
        Assert.Contains(engines.InitiatorEvents.OfType<IkeMessageSent>(), e => !e.IsResponse && e.Exchange == ExchangeType.IKE_FOLLOWUP_KE);
    }

    /// <summary>The options of conn tunnel (192.0.2.1 to 192.0.2.2, PSK) with these lines, seen from <paramref name="local"/>.</summary>
    private static IkeSaOptions Options(string lines, string local = "192.0.2.1")
    {
        var oriented = CredentialResolverTests.Orient($"authby=secret\n    leftsubnet=10.1.0.0/16\n    rightsubnet=10.2.0.0/16\n    {lines}", local);
        using var files = new ConfigFiles([("/etc/ipsec.secrets", "192.0.2.1 192.0.2.2 : PSK \"a secret long enough for the test\"\n")]);
        using var secrets = IpsecSecrets.Read("/etc/ipsec.secrets", files.Root);
        var remote = local == "192.0.2.1" ? "192.0.2.2" : "192.0.2.1";
        return IkeSaOptionsFactory.Create(new Connection(oriented, IPAddress.Parse(local), IPAddress.Parse(remote), 1), secrets);
    }

    private static ConnectionDefinition Conn() => new() { Name = "c", Left = End("192.0.2.1"), Right = End("192.0.2.2") };

    private static ConnectionEnd End(string address) => new() { Host = new HostAddress(HostAddressKind.Address, System.Net.IPAddress.Parse(address)) };
}

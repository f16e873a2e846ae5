namespace SwanShell.UnitTests.Interop;

/// <summary>
/// SwanShell's daemon against real libreswan and against itself, through real kernel ESP in the qemu lab
/// (tests/Interop/README.md says what each scenario proves). Each test is one scenario of the lab's single boot.
/// </summary>
[Collection(KernelLabGroup.Name)]
public sealed class KernelLabTests(KernelLabRun lab)
{
    [Fact]
    public void Libreswan_SwanShellInitiates_PingsGoThroughEspAndStatusCountersMove() => AssertPassed("libreswan-initiator");

    [Fact]
    public void Libreswan_SwanShellResponds_PingsGoThroughEspAndStatusCountersMove() => AssertPassed("libreswan-responder");

    [Fact]
    public void StrongSwan_SwanShellInitiates_EcdsaCertificatesSubnetToSubnet_PingsGoThroughEsp() => AssertPassed("strongswan-initiator");

    [Fact]
    public void StrongSwan_SwanShellResponds_EcdsaCertificatesSubnetToSubnet_PingsGoThroughEsp() => AssertPassed("strongswan-responder");

    [Fact]
    public void PeerDies_SwanShellInitiates_LivenessRestartsTheConnectionAndStopLeavesNoKernelState() => AssertPassed("peer-dies-initiator");

    [Fact]
    public void PeerDies_SwanShellResponds_LivenessClearsTheChildSaAndStopAfterKill9LeavesNoKernelState() => AssertPassed("peer-dies-responder");

    [Fact]
    public void OnDemand_FirstPacketBringsTheTunnelUpAndRemoveRouteTakesTheTrapAway() => AssertPassed("ondemand");

    [Fact]
    public void Nat_SwanShellBehindTheNatInitiates_EspGoesInUdp4500() => AssertPassed("nat-initiator");

    [Fact]
    public void Nat_SwanShellAnswersAPeerBehindTheNat_EspGoesInUdp4500() => AssertPassed("nat-responder");

    [Fact]
    public void Rekey_SwanShellRekeysChildAndIkeSaUnderTraffic_FewPingsLost() => AssertPassed("rekey-initiator");

    [Fact]
    public void Rekey_SwanShellAnswersRekeysOfChildAndIkeSaUnderTraffic_FewPingsLost() => AssertPassed("rekey-responder");

    private void AssertPassed(string scenario)
    {
        var result = lab.Result(scenario);
        Assert.True(result is not null, $"interop.sh (exit {lab.ExitCode}) left no result for {scenario}:\n{lab.Output}");
        Assert.True(result.StartsWith("PASS\n", StringComparison.Ordinal), $"{scenario}: {result}\n{lab.Output}");
    }
}

using SwanShell.Engine.Nflog;

namespace SwanShell.UnitTests.Nflog;

/// <summary>Applying and removing the nflog table with the real nft, in a private network namespace.</summary>
public sealed class NftClientTests : IDisposable
{
    private const string OtherTable = "table inet someone_else {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tmeta ipsec exists log prefix \"theirs\" group 99\n\t}\n}\n";

    private readonly NetworkNamespace _namespace = new();

    public void Dispose() => _namespace.Dispose();

    private NftClient Nft => new(_namespace.Name);

    private static NflogRuleset Ruleset() => new(
    [
        new NflogRule(null, 50, NflogChain.Input, NflogDirection.Inbound, null, null),
        new NflogRule("westnet-eastnet", 7, NflogChain.Forward, NflogDirection.Outbound, System.Net.IPNetwork.Parse("192.0.1.0/24"), System.Net.IPNetwork.Parse("192.0.2.0/24")),
        new NflogRule("v6", 9, NflogChain.Output, NflogDirection.Outbound, System.Net.IPNetwork.Parse("2001:db8:1::/48"), System.Net.IPNetwork.Parse("2001:db8:2::1/128")),
    ]);

    [Fact]
    public void Apply_LoadsTheRulesetExactlyAsRendered()
    {
        Nft.Apply(Ruleset());

        Assert.Equal(Ruleset().Render(), _namespace.Ruleset());
        Assert.True(Nft.TableExists());
        Assert.Equal(3, Nft.CountRules());
    }

    [Fact]
    public void Apply_Twice_ReplacesTheTable_AndLeavesOtherTablesAlone()
    {
        _namespace.Load(OtherTable);
        Nft.Apply(Ruleset());

        Nft.Apply(new NflogRuleset([new NflogRule(null, 51, NflogChain.Output, NflogDirection.Outbound, null, null)]));

        var ruleset = _namespace.Ruleset();
        Assert.Contains(OtherTable, ruleset, StringComparison.Ordinal);
        Assert.Contains("rt ipsec exists log prefix \"all-ipsec-output\" group 51", ruleset, StringComparison.Ordinal);
        Assert.DoesNotContain("group 50", ruleset, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_DeletesExactlyOurTable()
    {
        _namespace.Load(OtherTable);
        Nft.Apply(Ruleset());

        Assert.True(Nft.Remove());

        Assert.Equal(OtherTable, _namespace.Ruleset());
        Assert.False(Nft.Remove());
    }

    [Fact]
    public void ARulesetNftRejects_IsNftFailed_WithWhatNftSaid()
    {
        // An IPv4 source with an IPv6 destination: nft refuses the conflicting protocols.
        var mixed = new NflogRule("mixed", 1, NflogChain.Input, NflogDirection.Inbound, System.Net.IPNetwork.Parse("192.0.2.0/24"), System.Net.IPNetwork.Parse("2001:db8::/32"));

        var error = Assert.Throws<NftException>(() => Nft.Apply(new NflogRuleset([mixed])));

        Assert.False(error.NotInstalled);
        Assert.Contains("conflicting protocols", error.Message, StringComparison.Ordinal);
        Assert.False(Nft.TableExists());
    }
}

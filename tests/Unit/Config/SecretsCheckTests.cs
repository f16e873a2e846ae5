using SwanShell.Engine.Config;

namespace SwanShell.UnitTests.Config;

public sealed class SecretsCheckTests
{
    private static string[] Check(string conf, string secretsText)
    {
        using var files = new ConfigFiles(("/etc/ipsec.conf", conf), ("/etc/ipsec.secrets", secretsText));
        using var secrets = IpsecSecrets.Read("/etc/ipsec.secrets", files.Root);
        return [.. SecretsCheck.Check(files.Read(), secrets).Select(d => d.ToString())];
    }

    [Fact]
    public void Psk_for_unknown_id_is_reported_with_the_line_to_add()
    {
        var messages = Check("conn west-east\n    left=192.0.2.1\n    leftid=@west\n    right=192.0.2.2\n    rightid=@east\n    authby=secret\n", "@west @north : PSK \"x\"\n");

        Assert.Equal(["ipsec.conf:1:1: conn 'west-east' authenticates with a PSK, but ipsec.secrets has none for @west and @east; add a line such as: @west @east : PSK \"…\""], messages);
    }

    [Fact]
    public void Psk_is_found_with_either_end_local_and_addresses_as_default_ids()
    {
        Assert.Empty(Check("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    authby=secret\n", "192.0.2.2 192.0.2.1 : PSK \"x\"\n"));
        Assert.Empty(Check("conn a\n    left=%defaultroute\n    leftid=@road\n    right=192.0.2.2\n    authby=secret\n", "@road : PSK \"x\"\n"));
    }

    [Fact]
    public void Conns_signing_with_certificates_need_no_psk()
    {
        Assert.Empty(Check("conn a\n    left=192.0.2.1\n    right=192.0.2.2\n    leftcert=west\n", string.Empty));
    }
}

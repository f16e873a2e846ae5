using System.Text;
using System.Text.Json;
using SwanShell.Engine.Config;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Config;

public sealed class IpsecSecretsTests
{
    private static IpsecSecrets ReadSecrets(string text, params (string Path, string Text)[] more)
    {
        using var files = new ConfigFiles([("/etc/ipsec.secrets", text), .. more]);
        return IpsecSecrets.Read("/etc/ipsec.secrets", files.Root);
    }

    private static IkeIdentity Id(string text)
    {
        Assert.True(IkeIdentity.TryParse(text, out var id, out var error), error);
        return id;
    }

    private static string Text(SecretsEntry? entry) => Encoding.UTF8.GetString(entry!.Secret!.Expose());

    [Fact]
    public void Every_record_form_of_the_man_page_is_read()
    {
        using var secrets = ReadSecrets("""
            # comment
            10.1.0.1 10.2.0.1 : PSK "secret shared by two hosts"
            %any gateway.corp.com : PSK "shared secret with many roadwarriors"
            @west @east : PSK "ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890"
            www.xs4all.nl @www.kremvax.ru
                10.6.0.1 10.7.0.1 1.8.0.1 : PSK "secret shared by 5 systems"   # continuation
            : PSK 0x6162_6364
            @road : PSK 0sYWJjZA==
            2001:db8::1 %any6 : PSK 0tplain
            : RSA "west"
            @east : ECDSA east-key
            10.1.0.1 10.2.0.1 : PPKS "PPK_ID_1" "post-quantum preshared key"
            @username : XAUTH "password"
            """);

        Assert.Empty(secrets.Diagnostics);
        Assert.Equal(11, secrets.Entries.Count);
        Assert.Equal(
            [SecretKind.PreSharedKey, SecretKind.PreSharedKey, SecretKind.PreSharedKey, SecretKind.PreSharedKey, SecretKind.PreSharedKey, SecretKind.PreSharedKey, SecretKind.PreSharedKey, SecretKind.Rsa, SecretKind.Ecdsa, SecretKind.PostQuantumPreSharedKey, SecretKind.Xauth],
            secrets.Entries.Select(e => e.Kind));
        Assert.Equal(5, secrets.Entries[3].Ids.Count);
        Assert.Equal("secret shared by 5 systems", Text(secrets.Entries[3]));
        Assert.Equal("abcd", Text(secrets.Entries[4]));
        Assert.Empty(secrets.Entries[4].Ids);
        Assert.Equal("abcd", Text(secrets.Entries[5]));
        Assert.Equal("plain", Text(secrets.Entries[6]));
        Assert.Equal(IkeIdentityKind.Any, secrets.Entries[6].Ids[1].Kind);
        Assert.Equal("west", secrets.Entries[7].KeyReference);
        Assert.Equal("east-key", secrets.Entries[8].KeyReference);
        Assert.Equal("PPK_ID_1", secrets.Entries[9].PpkId);
        Assert.Equal(new SourceLocation("ipsec.secrets", 2, 21), secrets.Entries[0].Location);
    }

    [Fact]
    public void Include_reads_other_files_relative_to_the_including_one()
    {
        using var secrets = ReadSecrets("include ipsec.d/*.secrets\n", ("/etc/ipsec.d/a.secrets", "@a @b : PSK \"ab\"\n"));

        Assert.Empty(secrets.Diagnostics);
        Assert.Equal("ab", Text(secrets.FindPreSharedKey(Id("@a"), Id("@b"))));
    }

    [Fact]
    public void Include_of_a_name_no_file_can_have_is_a_diagnostic_not_an_exception()
    {
        using var secrets = ReadSecrets("include a\0b.secrets\n@a @b : PSK \"ab\"\n");

        Assert.Contains("ipsec.secrets:1:", Assert.Single(secrets.Diagnostics).ToString(), StringComparison.Ordinal);
        Assert.Equal("ab", Text(secrets.FindPreSharedKey(Id("@a"), Id("@b"))));
    }

    [Fact]
    public void Both_ids_beat_one_id_and_any_which_beat_no_ids()
    {
        using var secrets = ReadSecrets("""
            : PSK "default"
            %any @gw : PSK "any-gw"
            @gw : PSK "gw-only"
            @gw @road : PSK "both"
            """);

        Assert.Equal("both", Text(secrets.FindPreSharedKey(Id("@gw"), Id("@road"))));
        Assert.Equal("any-gw", Text(secrets.FindPreSharedKey(Id("@gw"), Id("@other"))));
        Assert.Equal("any-gw", Text(secrets.FindPreSharedKey(Id("@other"), Id("@another"))));
    }

    [Fact]
    public void Record_without_ids_is_the_last_resort()
    {
        using var secrets = ReadSecrets("@gw @road : PSK \"both\"\n: PSK \"default\"\n");

        Assert.Equal("both", Text(secrets.FindPreSharedKey(Id("@road"), Id("@gw"))));
        Assert.Equal("default", Text(secrets.FindPreSharedKey(Id("@other"), Id("@another"))));
    }

    [Fact]
    public void One_id_matching_this_end_is_a_default_for_any_peer()
    {
        using var secrets = ReadSecrets("@gw : PSK \"gw-only\"\n");

        Assert.Equal("gw-only", Text(secrets.FindPreSharedKey(Id("@gw"), Id("@anyone"))));
        Assert.Null(secrets.FindPreSharedKey(Id("@anyone"), Id("@gw")));
    }

    [Fact]
    public void Psk_naming_this_end_among_other_ids_does_not_match_a_stranger()
    {
        using var secrets = ReadSecrets("@gw @road : PSK \"both\"\n");

        Assert.Null(secrets.FindPreSharedKey(Id("@gw"), Id("@stranger")));
    }

    [Fact]
    public void Equally_good_records_that_disagree_use_the_first_and_say_so()
    {
        using var secrets = ReadSecrets("@a @b : PSK \"first\"\n@b @a : PSK \"second\"\n");

        var entry = secrets.FindPreSharedKey(Id("@a"), Id("@b"), out var ambiguous);

        Assert.Equal("first", Text(entry));
        Assert.True(ambiguous);
    }

    [Fact]
    public void Key_reference_naming_only_this_end_matches_any_peer_even_among_other_ids()
    {
        using var secrets = ReadSecrets("@gw @road : RSA \"gw-key\"\n: ECDSA \"default-key\"\n");

        Assert.Equal("gw-key", secrets.FindKey(SecretKind.Rsa, Id("@gw"), Id("@stranger"))!.KeyReference);
        Assert.Null(secrets.FindKey(SecretKind.Rsa, Id("@stranger"), Id("@other")));
        Assert.Equal("default-key", secrets.FindKey(SecretKind.Ecdsa, Id("@gw"), Id("@road"))!.KeyReference);
    }

    [Fact]
    public void Fqdn_ids_match_without_case()
    {
        using var secrets = ReadSecrets("@West.Example @east.example : PSK \"x\"\n");

        Assert.NotNull(secrets.FindPreSharedKey(Id("@west.example"), Id("@EAST.example")));
    }

    [Theory]
    [InlineData("@a @b PSK \"x\"\n", "ipsec.secrets:1:1: a secrets record needs ': TYPE secret' after its IDs; e.g. @west @east : PSK \"secret\"")]
    [InlineData("@a @b : PKS \"x\"\n", "ipsec.secrets:1:9: unknown secret type 'PKS'; did you mean 'PSK'?")]
    [InlineData("@a @b : PSK secret\n", "ipsec.secrets:1:13: the secret is not readable: a secret is written \"quoted\", 0x… hex, 0s… base64 or 0t… text")]
    [InlineData("@a @b : PSK 0xabc\n", "ipsec.secrets:1:13: the secret is not readable: 0x must be followed by pairs of hex digits")]
    [InlineData("@a @b : PSK \"x\" \"y\"\n", "ipsec.secrets:1:17: PSK takes one secret; write it as \"text\" (quoted), 0x… hex or 0s… base64")]
    [InlineData("@a @b : PSK \"unterminated\n", "ipsec.secrets:1:13: a quoted secret has no closing '\"'; a secret cannot span lines or contain '\"'; use 0x… hex for such bytes")]
    [InlineData("  @a : PSK \"x\"\n", "ipsec.secrets:1:3: an indented line continues a record, but there is none to continue; start the record in column 1")]
    [InlineData("@ @b : PSK \"x\"\n", "ipsec.secrets:1:1: invalid ID '@': '@' must be followed by a name, e.g. @vpn.example.com")]
    [InlineData(": RSA {\n  Modulus: 0x00\n  }\n", "ipsec.secrets:1:3: warning: inline RSA private keys are ignored; import the key with Import-IpsecCertificate and name it in leftcert= or leftckaid=")]
    public void Mistakes_are_reported_word_for_word_and_never_show_the_secret(string text, string message)
    {
        using var secrets = ReadSecrets(text);

        Assert.Equal(message, Assert.Single(secrets.Diagnostics).ToString());
    }

    [Fact]
    public void Secret_is_redacted_in_text_and_json()
    {
        using var secrets = ReadSecrets("@a @b : PSK \"hunter2\"\n");
        var entry = Assert.Single(secrets.Entries);

        Assert.Equal("<redacted>", entry.Secret!.ToString());
        Assert.DoesNotContain("hunter2", entry.ToString(), StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(entry);
        Assert.DoesNotContain("hunter2", json, StringComparison.Ordinal);
        Assert.Equal("<redacted>", JsonDocument.Parse(json).RootElement.GetProperty("Secret").GetString());
    }

    [Fact]
    public void Disposing_zeroes_the_secret()
    {
        var bytes = "hunter2"u8.ToArray();
        var secret = new SecretBytes(bytes);

        secret.Dispose();

        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => secret.Expose().Length);
    }

    [Fact]
    public void Disposing_the_secrets_zeroes_every_secret()
    {
        var secrets = ReadSecrets("@a @b : PSK \"x\"\n: PSK \"y\"\n");

        secrets.Dispose();

        Assert.All(secrets.Entries, entry => Assert.Throws<ObjectDisposedException>(() => entry.Secret!.Expose().Length));
    }

    [Fact]
    public void Secret_is_redacted_in_powershell_formatting()
    {
        using var files = new ConfigFiles(("/etc/ipsec.secrets", "@a @b : PSK \"hunter2\"\n"));
        using var shell = PowerShellFixture.NewShell();

        var text = shell.Render($"$s = [SwanShell.Engine.Config.IpsecSecrets]::Read('/etc/ipsec.secrets', '{files.Root}'); $s.Entries; $s.Entries[0].Secret; \"$($s.Entries[0].Secret)\"");

        Assert.Contains("<redacted>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }
}

using SwanShell.Engine.Config;
using SwanShell.Internal;

namespace SwanShell.UnitTests.Cmdlets;

public sealed class SecretRedactorTests
{
    private static readonly SecretRedactor Shapes = new([]);

    [Fact]
    public void IpXfrmState_KeysAreRedacted_AlgorithmsAndLengthsStay()
    {
        const string State = """
            src 192.0.2.1 dst 192.0.2.2
            	proto esp spi 0xc0ffee01 reqid 1 mode tunnel
            	replay-window 0 flag af-unspec
            	aead rfc4106(gcm(aes)) 0x5eb3c2a1d4e5f60718293a4b5c6d7e8f90a1b2c3 128
            	enc cbc(aes) 0x00112233445566778899aabbccddeeff
            	auth-trunc hmac(sha256) 0xffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100 128
            """;

        var redacted = Shapes.Redact(State);

        Assert.Contains("aead rfc4106(gcm(aes)) [redacted] 128", redacted, StringComparison.Ordinal);
        Assert.Contains("enc cbc(aes) [redacted]", redacted, StringComparison.Ordinal);
        Assert.Contains("auth-trunc hmac(sha256) [redacted] 128", redacted, StringComparison.Ordinal);
        Assert.Contains("spi 0xc0ffee01", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("5eb3c2a1", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("00112233", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("ffeeddcc", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void PemPrivateKeys_AreRedacted_CertificatesStay()
    {
        const string Text = "-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKEYCANARY\n-----END EC PRIVATE KEY-----\n";

        var redacted = Shapes.Redact(Text);

        Assert.Contains("MIIBcert", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("KEYCANARY", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@a @b : PSK \"quoted canary\"")]
    [InlineData("%any : PSK 0sY2FuYXJ5LWJhc2U2NA==")]
    [InlineData("@a : XAUTH 'single canary'")]
    [InlineData("@a : PPKS ppk-id-1 0x63616e617279")]
    public void SecretsRecords_AreRedacted_WhereverTheyAppear(string record)
    {
        var redacted = Shapes.Redact($"some log: {record} end");

        Assert.EndsWith("[redacted] end", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("canary", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("Y2FuYXJ5", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("0x6361", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownSecrets_AreRedactedAsTextHexAndBase64()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "@a @b : PSK \"known-canary-secret\"\n");
            using var secrets = IpsecSecrets.Read(path);
            var redactor = new SecretRedactor(secrets.Entries);
            var bytes = "known-canary-secret"u8.ToArray();

            var redacted = redactor.Redact($"text known-canary-secret hex {Convert.ToHexString(bytes)} base64 {Convert.ToBase64String(bytes)}");

            Assert.Equal("text [redacted] hex [redacted] base64 [redacted]", redacted);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System.Security.Cryptography;
using SwanShell.Engine.Certificates;
using SaPki = SwanShell.UnitTests.Ike.Sa.TestPki;

namespace SwanShell.UnitTests.Certificates;

public sealed class PeerCertificateCacheTests
{
    [Fact]
    public void The_same_bytes_are_parsed_once_and_other_bytes_parse_on_their_own()
    {
        var cache = new PeerCertificateCache();
        var ecdsa = SaPki.EcdsaLeaf("west", SaPki.Root);
        var rsa = SaPki.RsaLeaf("east", SaPki.Root);

        var first = cache.Get(ecdsa.RawData);
        var again = cache.Get(ecdsa.RawData.ToArray());
        var other = cache.Get(rsa.RawData);

        Assert.Same(first, again);
        Assert.Equal(ecdsa.Thumbprint, first.Certificate.Thumbprint);
        Assert.IsAssignableFrom<ECDsa>(first.PublicKey);
        Assert.IsAssignableFrom<RSA>(other.PublicKey);
        Assert.Equal(2, cache.Parses);
    }

    [Fact]
    public void A_full_cache_starts_again_rather_than_growing()
    {
        var cache = new PeerCertificateCache(capacity: 2);
        var certificates = Enumerable.Range(0, 3).Select(i => SaPki.EcdsaLeaf($"peer{i}", SaPki.Root).RawData).ToList();
        certificates.ForEach(der => cache.Get(der));

        cache.Get(certificates[0]);

        Assert.Equal(4, cache.Parses); // the first was dropped when the third came
    }

    [Fact]
    public void Bytes_that_are_not_a_certificate_throw_and_are_not_kept()
    {
        var cache = new PeerCertificateCache();

        Assert.ThrowsAny<CryptographicException>(() => cache.Get([0x30, 0x03, 0x02, 0x01, 0x00]));
        Assert.Equal(0, cache.Parses);
    }
}

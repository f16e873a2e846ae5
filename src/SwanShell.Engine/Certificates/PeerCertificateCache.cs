using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>
/// The certificates peers send in CERT payloads, parsed once per distinct DER encoding: a peer that sets up many IKE
/// SAs sends the same bytes each time, and OpenSSL 3 decodes a certificate and its public key slowly (its decoder and
/// provider look-ups cost more than the signature check). Only the parsing is shared: callers still build and check
/// the chain per IKE SA. Bounded: when full it starts again empty, leaving dropped entries to the finalizers, since an
/// IKE SA on another thread may still be verifying with one.
/// </summary>
public sealed class PeerCertificateCache(int capacity = PeerCertificateCache.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<byte[], ParsedCertificate> _parsed = new(DerComparer.Instance);
    private int _parses;

    /// <summary>The cache the daemon's IKE SAs share.</summary>
    public static PeerCertificateCache Shared { get; } = new();

    /// <summary>How many certificates were parsed rather than found here.</summary>
    public int Parses => Volatile.Read(ref _parses);

    /// <exception cref="CryptographicException">The bytes are not an X.509 certificate.</exception>
    public ParsedCertificate Get(ReadOnlySpan<byte> der)
    {
        var key = der.ToArray();
        if (_parsed.TryGetValue(key, out var parsed))
        {
            return parsed;
        }

        var certificate = X509CertificateLoader.LoadCertificate(key);
        parsed = new ParsedCertificate(certificate, (AsymmetricAlgorithm?)certificate.GetECDsaPublicKey() ?? certificate.GetRSAPublicKey());
        Interlocked.Increment(ref _parses);
        if (_parsed.Count >= capacity)
        {
            _parsed.Clear();
        }

        return _parsed.GetOrAdd(key, parsed);
    }

    private sealed class DerComparer : IEqualityComparer<byte[]>
    {
        public static readonly DerComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = default(HashCode);
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}

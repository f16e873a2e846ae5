using System.Net;
using System.Security.Cryptography;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// Stateless COOKIEs (RFC 7296 §2.6): Cookie = VersionIDofSecret | Hash(Ni | IPi | SPIi | secret), so a responder
/// under load can make an initiator prove its address before any state or Diffie-Hellman work is spent on it.
/// The secret changes regularly; cookies made with the one before still verify.
/// </summary>
internal sealed class CookieGenerator(TimeProvider time, TimeSpan secretLifetime)
{
    private const int SecretLength = 32;

    private byte[] _secret = RandomNumberGenerator.GetBytes(SecretLength);
    private byte[] _previousSecret = RandomNumberGenerator.GetBytes(SecretLength);
    private byte _version;
    private DateTimeOffset _secretCreated = time.GetUtcNow();

    public byte[] Create(ReadOnlySpan<byte> nonceInitiator, IPAddress initiator, ulong initiatorSpi)
    {
        Rotate();
        return [_version, .. Hash(_secret, nonceInitiator, initiator, initiatorSpi)];
    }

    public bool Verify(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> nonceInitiator, IPAddress initiator, ulong initiatorSpi)
    {
        Rotate();
        if (cookie.Length != 1 + SHA256.HashSizeInBytes)
        {
            return false;
        }

        var secret = cookie[0] == _version ? _secret : cookie[0] == (byte)(_version - 1) ? _previousSecret : null;
        return secret is not null && CryptographicOperations.FixedTimeEquals(cookie[1..], Hash(secret, nonceInitiator, initiator, initiatorSpi));
    }

    private void Rotate()
    {
        if (time.GetUtcNow() - _secretCreated < secretLifetime)
        {
            return;
        }

        _previousSecret = _secret;
        _secret = RandomNumberGenerator.GetBytes(SecretLength);
        _version++;
        _secretCreated = time.GetUtcNow();
    }

    private static byte[] Hash(byte[] secret, ReadOnlySpan<byte> nonceInitiator, IPAddress initiator, ulong initiatorSpi)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(nonceInitiator);
        hash.AppendData(initiator.GetAddressBytes());
        Span<byte> spi = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(spi, initiatorSpi);
        hash.AppendData(spi);
        hash.AppendData(secret);
        return hash.GetHashAndReset();
    }
}

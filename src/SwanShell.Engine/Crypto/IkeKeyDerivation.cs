using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// The IKEv2 key schedule: prf+ (RFC 7296 §2.13), SKEYSEED and the IKE SA keys (§2.14), Child SA KEYMAT (§2.17),
/// the rekeyed IKE SA's SKEYSEED (§2.18), and their extension to additional key exchanges (RFC 9370 §2.2.2, §2.2.4).
/// Only HMAC prfs are supported, so the key of prf(Ni | Nr, g^ir) is the whole of both nonces.
/// </summary>
public static class IkeKeyDerivation
{
    /// <summary>
    /// prf+ (K,S) = T1 | T2 | T3 | T4 | ... where T1 = prf (K, S | 0x01), T2 = prf (K, T1 | S | 0x02), …
    /// The counter is one octet, so at most 255 blocks can be produced.
    /// </summary>
    public static void PrfPlus(IPseudorandomFunction prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(prf);
        var blockLength = prf.OutputLength;
        var blocks = (output.Length + blockLength - 1) / blockLength;
        if (blocks > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output.Length, "prf+ produces at most 255 blocks");
        }

        // Input = T(n-1) | S | n; the first block has no T(0).
        var rented = ArrayPool<byte>.Shared.Rent(blockLength + seed.Length + 1);
        Span<byte> block = stackalloc byte[blockLength];
        try
        {
            var input = rented.AsSpan(0, blockLength + seed.Length + 1);
            seed.CopyTo(input[blockLength..]);
            for (var n = 1; n <= blocks; n++)
            {
                input[^1] = (byte)n;
                var data = n == 1 ? input[blockLength..] : input;
                prf.Compute(key, data, block);
                block.CopyTo(input);
                var offset = (n - 1) * blockLength;
                block[..Math.Min(blockLength, output.Length - offset)].CopyTo(output[offset..]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(rented);
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>SKEYSEED = prf(Ni | Nr, g^ir) for a new IKE SA (RFC 7296 §2.14).</summary>
    public static byte[] ComputeSkeyseed(IPseudorandomFunction prf, ReadOnlySpan<byte> nonceInitiator, ReadOnlySpan<byte> nonceResponder, ReadOnlySpan<byte> sharedSecret)
    {
        ArgumentNullException.ThrowIfNull(prf);
        byte[] key = [.. nonceInitiator, .. nonceResponder];
        var skeyseed = new byte[prf.OutputLength];
        prf.Compute(key, sharedSecret, skeyseed);
        return skeyseed;
    }

    /// <summary>
    /// SKEYSEED from the SK_d of an existing IKE SA, with the prf of that SA:
    /// rekey (RFC 7296 §2.18): prf(SK_d (old), g^ir (new) | Ni | Nr);
    /// rekey with additional key exchanges (RFC 9370 §2.2.4): prf(SK_d, SK(0) | Ni | Nr | SK(1) | ... | SK(n));
    /// after each IKE_INTERMEDIATE key exchange (RFC 9370 §2.2.2): prf(SK_d(n-1), SK(n) | Ni | Nr).
    /// </summary>
    public static byte[] ComputeSkeyseed(IPseudorandomFunction prf, ReadOnlySpan<byte> skD, IReadOnlyList<byte[]> sharedSecrets, ReadOnlySpan<byte> nonceInitiator, ReadOnlySpan<byte> nonceResponder)
    {
        ArgumentNullException.ThrowIfNull(prf);
        ArgumentNullException.ThrowIfNull(sharedSecrets);
        if (sharedSecrets.Count == 0)
        {
            throw new ArgumentException("a new SKEYSEED needs at least one new shared secret", nameof(sharedSecrets));
        }

        var data = SecretsAndNonces(sharedSecrets, nonceInitiator, nonceResponder);
        try
        {
            var skeyseed = new byte[prf.OutputLength];
            prf.Compute(skD, data, skeyseed);
            return skeyseed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>
    /// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr) (RFC 7296 §2.14).
    /// The integrity algorithm is null for an AEAD cipher, which takes no SK_a keys.
    /// </summary>
    public static IkeSaKeys DeriveIkeSaKeys(
        IPseudorandomFunction prf, ReadOnlySpan<byte> skeyseed,
        ReadOnlySpan<byte> nonceInitiator, ReadOnlySpan<byte> nonceResponder, ulong spiInitiator, ulong spiResponder,
        IEncryptionAlgorithm encryption, IIntegrityAlgorithm? integrity)
    {
        ArgumentNullException.ThrowIfNull(prf);
        ArgumentNullException.ThrowIfNull(encryption);
        var seed = new byte[nonceInitiator.Length + nonceResponder.Length + 16];
        nonceInitiator.CopyTo(seed);
        nonceResponder.CopyTo(seed.AsSpan(nonceInitiator.Length));
        BinaryPrimitives.WriteUInt64BigEndian(seed.AsSpan(seed.Length - 16), spiInitiator);
        BinaryPrimitives.WriteUInt64BigEndian(seed.AsSpan(seed.Length - 8), spiResponder);

        var prfLength = prf.OutputLength;
        var integrityLength = integrity?.KeyLength ?? 0;
        var encryptionLength = encryption.KeyMaterialLength;
        var keys = new byte[(3 * prfLength) + (2 * integrityLength) + (2 * encryptionLength)];
        PrfPlus(prf, skeyseed, seed, keys);
        return new IkeSaKeys(keys, prfLength, integrityLength, encryptionLength);
    }

    /// <summary>
    /// KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr) with PFS (RFC 7296 §2.17), or
    /// prf+(SK_d, SK(0) | Ni | Nr | SK(1) | ... | SK(n)) with additional key exchanges (RFC 9370 §2.2.4).
    /// For the first Child SA the nonces are those of IKE_SA_INIT.
    /// </summary>
    public static ChildSaKeys DeriveChildSaKeys(
        IPseudorandomFunction prf, ReadOnlySpan<byte> skD, IReadOnlyList<byte[]> sharedSecrets,
        ReadOnlySpan<byte> nonceInitiator, ReadOnlySpan<byte> nonceResponder,
        int encryptionKeyLength, int integrityKeyLength)
    {
        ArgumentNullException.ThrowIfNull(sharedSecrets);
        var seed = SecretsAndNonces(sharedSecrets, nonceInitiator, nonceResponder);
        try
        {
            var keys = new byte[2 * (encryptionKeyLength + integrityKeyLength)];
            PrfPlus(prf, skD, seed, keys);
            return new ChildSaKeys(keys, encryptionKeyLength, integrityKeyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static byte[] SecretsAndNonces(IReadOnlyList<byte[]> sharedSecrets, ReadOnlySpan<byte> nonceInitiator, ReadOnlySpan<byte> nonceResponder)
    {
        var length = nonceInitiator.Length + nonceResponder.Length;
        foreach (var secret in sharedSecrets)
        {
            length += secret.Length;
        }

        var data = new byte[length];
        var offset = 0;
        for (var i = 0; i < sharedSecrets.Count; i++)
        {
            sharedSecrets[i].CopyTo(data, offset);
            offset += sharedSecrets[i].Length;
            if (i == 0)
            {
                offset += Append(data.AsSpan(offset), nonceInitiator, nonceResponder);
            }
        }

        if (sharedSecrets.Count == 0)
        {
            Append(data, nonceInitiator, nonceResponder);
        }

        return data;
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> nonceInitiator, ReadOnlySpan<byte> nonceResponder)
    {
        nonceInitiator.CopyTo(destination);
        nonceResponder.CopyTo(destination[nonceInitiator.Length..]);
        return nonceInitiator.Length + nonceResponder.Length;
    }
}

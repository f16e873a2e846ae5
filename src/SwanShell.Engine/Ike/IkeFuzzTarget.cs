using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike;

/// <summary>
/// Entry point for coverage-guided fuzzing (SharpFuzz: <c>Fuzzer.Run(IkeFuzzTarget.Fuzz)</c> or
/// <c>Fuzzer.LibFuzzer.Run(IkeFuzzTarget.Fuzz)</c>): parses the input as a datagram and opens any SK or SKF payload
/// with fixed keys for both cipher kinds. Anything but <see cref="IkeProtocolException"/> escaping is a bug.
/// </summary>
public static class IkeFuzzTarget
{
    private static readonly EncryptedPayloadCipher Aead = new(AesGcm16Encryption.Aes128, new byte[20], null, default);
    private static readonly EncryptedPayloadCipher CbcHmac = new(AesCbcEncryption.Aes128, new byte[16], HmacSha2Integrity.Sha256_128, new byte[32]);

    public static void Fuzz(ReadOnlySpan<byte> data)
    {
        try
        {
            var message = IkeMessage.Parse(data.ToArray());
            foreach (var cipher in (ReadOnlySpan<EncryptedPayloadCipher>)[Aead, CbcHmac])
            {
                Open(message, cipher);
            }
        }
        catch (IkeProtocolException)
        {
            // The expected outcome for almost every input.
        }
    }

    private static void Open(IkeMessage message, EncryptedPayloadCipher cipher)
    {
        try
        {
            switch (message.Payloads.Count == 0 ? null : message.Payloads[^1])
            {
                case EncryptedPayload sk:
                    cipher.Decrypt(sk);
                    break;
                case EncryptedFragmentPayload skf:
                    new FragmentReassembler().TryAdd(skf, cipher, out _);
                    break;
            }
        }
        catch (IkeProtocolException)
        {
            // Expected: the integrity check fails for anything not made with these keys.
        }
    }
}

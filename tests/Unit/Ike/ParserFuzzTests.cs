using FsCheck;
using FsCheck.Xunit;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

/// <summary>The parser and the SK/SKF openers never throw anything but <see cref="IkeProtocolException"/>.</summary>
public sealed class ParserFuzzTests
{
    private static readonly byte[][] ValidMessages = BuildValidMessages();

    [Property(MaxTest = 2000)]
    public void Random_bytes_never_throw_anything_but_a_protocol_error(byte[] data)
    {
        IkeFuzzTarget.Fuzz(data);
        IkeFuzzTarget.Fuzz(WithHeader(data));
    }

    [Property(MaxTest = 3000)]
    public void Mutated_valid_messages_never_throw_anything_but_a_protocol_error(NonNegativeInt which, NonNegativeInt position, byte value, bool keepLength)
    {
        var message = (byte[])ValidMessages[which.Get % ValidMessages.Length].Clone();
        message[position.Get % message.Length] = value;
        if (keepLength)
        {
            FixLength(message);
        }

        IkeFuzzTarget.Fuzz(message);
    }

    [Property(MaxTest = 1000)]
    public void Truncated_or_extended_valid_messages_never_throw_anything_but_a_protocol_error(NonNegativeInt which, int delta)
    {
        var original = ValidMessages[which.Get % ValidMessages.Length];
        var length = Math.Clamp(original.Length + (delta % 64), 0, original.Length + 64);
        var message = new byte[length];
        original.AsSpan(0, Math.Min(length, original.Length)).CopyTo(message);
        FixLength(message);

        IkeFuzzTarget.Fuzz(message);
    }

    /// <summary>What an SK payload holds after decryption, mutated: the inner parser must be as strict as the outer one.</summary>
    [Property(MaxTest = 2000)]
    public void Mutated_decrypted_payload_chains_never_throw_anything_but_a_protocol_error(NonNegativeInt position, byte value, byte first)
    {
        var payloads = SampleMessages.AuthRequestPayloads();
        var chain = new byte[PayloadChain.GetLength(payloads)];
        PayloadChain.Write(payloads, chain);
        chain[position.Get % chain.Length] = value;

        try
        {
            PayloadChain.Parse(chain, 0, (PayloadType)first, allowEncrypted: false);
        }
        catch (IkeProtocolException)
        {
        }
    }

    [Fact]
    public void Fuzz_target_swallows_protocol_errors_only()
    {
        foreach (var message in ValidMessages)
        {
            IkeFuzzTarget.Fuzz(message);
        }

        IkeFuzzTarget.Fuzz([]);
    }

    private static byte[] WithHeader(byte[] payloads) => SampleMessages.RawMessage(
        payloads.Length == 0 ? PayloadType.NoNextPayload : (PayloadType)payloads[0], payloads);

    private static void FixLength(byte[] message)
    {
        if (message.Length >= IkeHeader.Size)
        {
            message[24] = (byte)(message.Length >> 24);
            message[25] = (byte)(message.Length >> 16);
            message[26] = (byte)(message.Length >> 8);
            message[27] = (byte)message.Length;
        }
    }

    private static byte[][] BuildValidMessages()
    {
        var (aead, _) = EncryptedPayloadTests.CipherPair("aes-gcm-16-256");
        var (cbc, _) = EncryptedPayloadTests.CipherPair("aes-cbc-256+hmac-sha2-256-128");
        return
        [
            new IkeMessage(SampleMessages.InitRequestHeader, SampleMessages.InitRequestPayloads()).Encode(),
            new IkeMessage(SampleMessages.InitRequestHeader, SampleMessages.AuthRequestPayloads()).Encode(),
            new IkeMessage(SampleMessages.InitRequestHeader, SampleMessages.InformationalPayloads()).Encode(),
            aead.Encrypt(SampleMessages.AuthRequestHeader, SampleMessages.AuthRequestPayloads()),
            cbc.Encrypt(SampleMessages.AuthRequestHeader, SampleMessages.AuthRequestPayloads()),
            .. aead.EncryptFragments(SampleMessages.AuthRequestHeader, SampleMessages.AuthRequestPayloads(), 300),
        ];
    }
}

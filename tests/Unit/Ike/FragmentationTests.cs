using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Ike;

public sealed class FragmentationTests
{
    [Theory]
    [InlineData("aes-gcm-16-256", 576)]
    [InlineData("aes-cbc-256+hmac-sha2-256-128", 576)]
    [InlineData("chacha20-poly1305", 1280)]
    public void Fragments_fit_the_limit_and_reassemble_in_any_order(string suite, int maxMessageLength)
    {
        var (sender, receiver) = EncryptedPayloadTests.CipherPair(suite);
        var payloads = BigPayloads();

        var fragments = sender.EncryptFragments(SampleMessages.AuthRequestHeader, payloads, maxMessageLength);

        Assert.True(fragments.Count > 2);
        Assert.All(fragments, f => Assert.InRange(f.Length, 1, maxMessageLength));
        var reassembler = new FragmentReassembler();
        IReadOnlyList<IkePayload> inner = [];
        var completions = 0;
        foreach (var fragment in fragments.Reverse())
        {
            var skf = Assert.IsType<EncryptedFragmentPayload>(Assert.Single(IkeMessage.Parse(fragment).Payloads));
            Assert.Equal(fragments.Count, skf.TotalFragments);
            Assert.Equal(skf.FragmentNumber == 1 ? PayloadType.IdentificationInitiator : PayloadType.NoNextPayload, skf.FirstInnerPayload);
            if (reassembler.TryAdd(skf, receiver, out var result))
            {
                completions++;
                inner = result;
            }
        }

        Assert.Equal(1, completions);
        Assert.Equal(payloads.Select(p => p.GetBody()), inner.Select(p => p.GetBody()));
    }

    [Fact]
    public void Duplicate_fragments_are_ignored()
    {
        var (sender, receiver) = EncryptedPayloadTests.CipherPair("aes-gcm-16-256");
        var fragments = sender.EncryptFragments(SampleMessages.AuthRequestHeader, BigPayloads(), 576).Select(Parse).ToList();
        var reassembler = new FragmentReassembler();

        Assert.False(reassembler.TryAdd(fragments[0], receiver, out _));
        Assert.False(reassembler.TryAdd(fragments[0], receiver, out _));
        for (var i = 1; i < fragments.Count - 1; i++)
        {
            Assert.False(reassembler.TryAdd(fragments[i], receiver, out _));
        }

        Assert.True(reassembler.TryAdd(fragments[^1], receiver, out _));
        Assert.False(reassembler.TryAdd(fragments[^1], receiver, out _));
    }

    [Fact]
    public void Fragment_with_a_wrong_ICV_is_dropped_and_the_message_still_completes_with_its_retransmission()
    {
        var (sender, receiver) = EncryptedPayloadTests.CipherPair("aes-cbc-256+hmac-sha2-256-128");
        var datagrams = sender.EncryptFragments(SampleMessages.AuthRequestHeader, BigPayloads(), 576);
        var reassembler = new FragmentReassembler();
        var forged = (byte[])datagrams[0].Clone();
        forged[^1] ^= 1;

        var e = Assert.Throws<IkeProtocolException>(() => reassembler.TryAdd(Parse(forged), receiver, out _));
        Assert.Null(e.NotifyType);
        var completed = datagrams.Select(d => reassembler.TryAdd(Parse(d), receiver, out _)).ToList();
        Assert.Equal([.. Enumerable.Repeat(false, datagrams.Count - 1), true], completed);
    }

    [Fact]
    public void Refragmenting_into_more_fragments_starts_reassembly_over()
    {
        var (sender, receiver) = EncryptedPayloadTests.CipherPair("aes-gcm-16-256");
        var large = sender.EncryptFragments(SampleMessages.AuthRequestHeader, BigPayloads(), 1280).Select(Parse).ToList();
        var small = sender.EncryptFragments(SampleMessages.AuthRequestHeader, BigPayloads(), 576).Select(Parse).ToList();
        var reassembler = new FragmentReassembler();

        Assert.False(reassembler.TryAdd(large[0], receiver, out _));
        var results = small.Select(f => reassembler.TryAdd(f, receiver, out _)).ToList();

        Assert.True(results[^1]);
        Assert.False(reassembler.TryAdd(large[1], receiver, out _));
    }

    [Fact]
    public void More_fragments_than_the_limit_are_ignored()
    {
        var (sender, receiver) = EncryptedPayloadTests.CipherPair("aes-gcm-16-256");
        var fragments = sender.EncryptFragments(SampleMessages.AuthRequestHeader, BigPayloads(), 576).Select(Parse).ToList();
        var reassembler = new FragmentReassembler(maxFragments: fragments.Count - 1);

        Assert.All(fragments, f => Assert.False(reassembler.TryAdd(f, receiver, out _)));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(4, 3)]
    public void Fragment_numbered_zero_or_beyond_the_total_is_dropped(int number, int total)
    {
        byte[] body = [(byte)(number >> 8), (byte)number, (byte)(total >> 8), (byte)total, .. new byte[40]];
        var message = SampleMessages.RawMessage(PayloadType.EncryptedFragment, SampleMessages.RawPayload(PayloadType.NoNextPayload, false, body));

        var e = Assert.Throws<IkeProtocolException>(() => IkeMessage.Parse(message));
        Assert.Null(e.NotifyType);
    }

    [Fact]
    public void Limit_too_small_for_any_content_is_refused()
    {
        var (sender, _) = EncryptedPayloadTests.CipherPair("aes-gcm-16-256");

        Assert.Throws<ArgumentOutOfRangeException>(() => sender.EncryptFragments(SampleMessages.AuthRequestHeader, BigPayloads(), 60));
    }

    private static EncryptedFragmentPayload Parse(byte[] datagram) => (EncryptedFragmentPayload)IkeMessage.Parse(datagram).Payloads[0];

    /// <summary>An IKE_AUTH request with a certificate chain, several times a small MTU.</summary>
    private static IReadOnlyList<IkePayload> BigPayloads() =>
    [
        .. SampleMessages.AuthRequestPayloads(),
        new CertificatePayload(CertificateEncoding.X509_CERTIFICATE_SIGNATURE, SampleMessages.Filled(1500, 0x31)),
        new CertificatePayload(CertificateEncoding.X509_CERTIFICATE_SIGNATURE, SampleMessages.Filled(1200, 0x32)),
    ];
}

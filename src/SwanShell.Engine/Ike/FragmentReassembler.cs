namespace SwanShell.Engine.Ike;

/// <summary>
/// Collects the decrypted fragments of one message (RFC 7383 §2.6.2) until all have arrived, then parses the
/// payload chain they carry. Fragments are authenticated one by one as they are added. A fragment that announces
/// more fragments than those collected so far means the sender re-fragmented for a smaller MTU: start over with it.
/// Fragments announcing fewer, duplicates, and more than <see cref="MaxFragments"/> are ignored.
/// </summary>
public sealed class FragmentReassembler(int maxFragments = FragmentReassembler.DefaultMaxFragments)
{
    public const int DefaultMaxFragments = 64;

    private ReadOnlyMemory<byte>[] _fragments = [];
    private bool[] _present = [];
    private PayloadType _firstPayload;
    private int _received;

    public int MaxFragments { get; } = maxFragments;

    /// <summary>Adds a fragment; true, with the message's payloads, once the last missing one arrived.</summary>
    /// <exception cref="IkeProtocolException">The fragment does not authenticate (drop), or the reassembled chain is malformed.</exception>
    public bool TryAdd(EncryptedFragmentPayload fragment, EncryptedPayloadCipher cipher, out IReadOnlyList<IkePayload> payloads) =>
        TryAdd(fragment, cipher, out payloads, out _, out _);

    /// <summary>As the other overload, also giving the message's inner payloads in clear and the type of the first (for IntAuth, RFC 9242).</summary>
    public bool TryAdd(EncryptedFragmentPayload fragment, EncryptedPayloadCipher cipher, out IReadOnlyList<IkePayload> payloads, out ReadOnlyMemory<byte> innerPayloads, out PayloadType firstInnerPayload)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        ArgumentNullException.ThrowIfNull(cipher);
        payloads = [];
        innerPayloads = ReadOnlyMemory<byte>.Empty;
        firstInnerPayload = PayloadType.NoNextPayload;
        var total = fragment.TotalFragments;
        var index = fragment.FragmentNumber - 1;
        if (total > MaxFragments || total < _fragments.Length || (total == _fragments.Length && (_present[index] || _received == total)))
        {
            return false;
        }

        var content = cipher.DecryptFragment(fragment);
        if (total > _fragments.Length)
        {
            _fragments = new ReadOnlyMemory<byte>[total];
            _present = new bool[total];
            _received = 0;
        }

        if (index == 0)
        {
            _firstPayload = fragment.FirstInnerPayload;
        }

        _fragments[index] = content;
        _present[index] = true;
        if (++_received < total)
        {
            return false;
        }

        var whole = new byte[_fragments.Sum(f => f.Length)];
        var offset = 0;
        foreach (var piece in _fragments)
        {
            piece.CopyTo(whole.AsMemory(offset));
            offset += piece.Length;
        }

        payloads = PayloadChain.Parse(whole, 0, _firstPayload, allowEncrypted: false);
        innerPayloads = whole;
        firstInnerPayload = _firstPayload;
        return true;
    }
}

using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// One IKE_INTERMEDIATE exchange (RFC 9242) carrying the next negotiated additional key exchange (RFC 9370 §2.2.2):
/// a KE payload each way, then SKEYSEED(n) and all the SK_* keys anew. The initiator updates its keys as soon as it
/// has the response; the responder only once its response went out under the old keys (<see cref="UpdateKeys"/>).
/// A KE payload of another method than the one negotiated for that round is INVALID_SYNTAX, and the IKE SA fails.
/// </summary>
internal sealed class IkeIntermediateTask(IkeSa sa) : IIkeTask
{
    private IKeyExchange? _keyExchange;
    private KeyExchangeTransformId _method;
    private byte[] _responderKeyExchangeData = [];
    private byte[]? _sharedSecret;

    public void BuildRequest(List<IkePayload> request)
    {
        _method = sa.Algorithms!.AdditionalKeyExchanges[sa.AdditionalKeyExchangesDone];
        _keyExchange = AlgorithmRegistry.CreateKeyExchange(_method);
        request.Add(new KeyExchangePayload(_method, _keyExchange.CreateInitiatorData()));
    }

    public TaskOutcome ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        using var keyExchange = _keyExchange!;
        if (response.FindError() is { } error)
        {
            throw new IkeProtocolException(error.NotifyType, $"the peer refused the {_method} key exchange in IKE_INTERMEDIATE with {error.NotifyType}");
        }

        var ke = response.Require<KeyExchangePayload>(PayloadType.KeyExchange);
        if (ke.Method != _method)
        {
            throw new IkeProtocolException(NotifyMessageType.INVALID_SYNTAX, $"the peer answered the {_method} key exchange in IKE_INTERMEDIATE with {ke.Method}");
        }

        sa.AddKeyExchange(keyExchange.ProcessResponderData(ke.KeyExchangeData.Span));
        return TaskOutcome.Done;
    }

    public void ProcessRequest(IReadOnlyList<IkePayload> request)
    {
        var negotiated = sa.Algorithms!.AdditionalKeyExchanges;
        var ke = request.Find<KeyExchangePayload>();
        if (sa.AdditionalKeyExchangesDone == negotiated.Count)
        {
            // RFC 9242 allows IKE_INTERMEDIATE for other data; none of it is ours to read, so it gets an empty answer.
            if (ke is not null)
            {
                throw IkeProtocolException.InvalidSyntax("a key exchange in IKE_INTERMEDIATE after all negotiated ones");
            }

            return;
        }

        _method = negotiated[sa.AdditionalKeyExchangesDone];
        if (ke is null || ke.Method != _method)
        {
            throw IkeProtocolException.InvalidSyntax($"IKE_INTERMEDIATE {sa.AdditionalKeyExchangesDone + 1} needs a {_method} key exchange, not {ke?.Method.ToString() ?? "none"}");
        }

        using var keyExchange = AlgorithmRegistry.CreateKeyExchange(_method);
        _responderKeyExchangeData = keyExchange.ProcessInitiatorData(ke.KeyExchangeData.Span, out var sharedSecret);
        _sharedSecret = sharedSecret;
    }

    public void BuildResponse(List<IkePayload> response)
    {
        if (_sharedSecret is not null)
        {
            response.Add(new KeyExchangePayload(_method, _responderKeyExchangeData));
        }
    }

    /// <summary>Responder: the keys change once our response has been protected with the old ones.</summary>
    public void UpdateKeys()
    {
        if (_sharedSecret is { } secret)
        {
            _sharedSecret = null;
            sa.AddKeyExchange(secret);
        }
    }
}

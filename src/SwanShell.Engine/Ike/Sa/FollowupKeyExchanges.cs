using System.Security.Cryptography;
using SwanShell.Engine.Crypto;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// The additional key exchanges a CREATE_CHILD_SA chose (RFC 9370 §2.2.4), for the Child SA or the IKE SA rekey it
/// continues (<see cref="Continues"/>): one IKE_FOLLOWUP_KE exchange each (<see cref="FollowupKeTask"/>), linked by
/// the responder's ADDITIONAL_KEY_EXCHANGE notify. Their shared secrets SK(1) … SK(n) join
/// <paramref name="sharedSecrets"/> after SK(0); after the last, <paramref name="finish"/> makes the SA. One that
/// fails ends in <paramref name="abandon"/>, and the IKE SA lives on. An IKE SA rekey's follow-ups are
/// <paramref name="exclusive"/>, as the rekey itself is.
/// </summary>
internal sealed class FollowupKeyExchanges(
    IkeSa sa, IIkeTask continues, List<byte[]> sharedSecrets, Action finish, Action<NotifyMessageType?, string> abandon, bool exclusive = false)
{
    private Queue<KeyExchangeTransformId> _methods = new();
    private byte[] _link = [];
    private IKeyExchange? _keyExchange;
    private KeyExchangeTransformId _method;
    private byte[] _responderData = [];

    /// <summary>The Child SA or IKE SA rekey exchange these follow-ups continue.</summary>
    public IIkeTask Continues { get; } = continues;

    /// <summary>Some additional key exchanges are still to run.</summary>
    public bool Pending => _methods.Count > 0;

    /// <summary>A responder's limit on waiting for the next IKE_FOLLOWUP_KE; the engine sets it while we await one.</summary>
    public ITimer? Timer { get; set; }

    /// <summary>Initiator: the responder chose <paramref name="methods"/>; the first IKE_FOLLOWUP_KE goes next, or the SA is made now.</summary>
    public void Start(IReadOnlyList<KeyExchangeTransformId> methods, IReadOnlyList<IkePayload> response)
    {
        _methods = new(methods);
        Continue(response);
    }

    /// <summary>Responder: we chose <paramref name="methods"/>; we await the first IKE_FOLLOWUP_KE, or the SA is made now.</summary>
    public void Expect(IReadOnlyList<KeyExchangeTransformId> methods)
    {
        _methods = new(methods);
        AwaitOrFinish();
    }

    /// <summary>Responder: the link to the next IKE_FOLLOWUP_KE in our answer, if one is to come.</summary>
    public void AddLink(List<IkePayload> response)
    {
        if (Pending)
        {
            response.Add(new NotifyPayload(NotifyMessageType.ADDITIONAL_KEY_EXCHANGE, _link));
        }
    }

    /// <summary>Initiator: the IKE_FOLLOWUP_KE request of the next additional key exchange, with the link the responder gave.</summary>
    public void BuildRequest(List<IkePayload> request)
    {
        var method = _methods.Peek();
        _keyExchange = AlgorithmRegistry.CreateKeyExchange(method);
        request.Add(new KeyExchangePayload(method, _keyExchange.CreateInitiatorData()));
        request.Add(new NotifyPayload(NotifyMessageType.ADDITIONAL_KEY_EXCHANGE, _link));
    }

    /// <summary>Initiator: the responder's share of an additional key exchange; after the last, the SA.</summary>
    public void ProcessResponse(IReadOnlyList<IkePayload> response)
    {
        using var keyExchange = _keyExchange!;
        var method = _methods.Dequeue();
        if (response.Find<KeyExchangePayload>() is not { } ke || ke.Method != method)
        {
            var error = response.FindError();
            Abandon(error?.NotifyType ?? NotifyMessageType.INVALID_SYNTAX, $"the peer ended the additional {method} key exchange with {error?.NotifyType.ToString() ?? "no KE payload of that method"}");
            return;
        }

        sharedSecrets.Add(keyExchange.ProcessResponderData(ke.KeyExchangeData.Span));
        Continue(response);
    }

    /// <summary>The follow-ups an IKE_FOLLOWUP_KE request continues, by the link we gave; null when we await none such.</summary>
    public static FollowupKeyExchanges? Continued(IkeSa sa, ReadOnlySpan<byte> link)
    {
        if (sa.AwaitedFollowups is not { } awaited || !awaited.Remove(Convert.ToHexString(link), out var followups))
        {
            return null;
        }

        followups.StopTimer();
        return followups;
    }

    /// <summary>Responder: the initiator's share of the next additional key exchange; after the last, the SA.</summary>
    public void ProcessRequest(KeyExchangePayload? ke)
    {
        var method = _methods.Dequeue();
        if (ke is null || ke.Method != method)
        {
            Abandon(NotifyMessageType.INVALID_SYNTAX, $"IKE_FOLLOWUP_KE brought {ke?.Method.ToString() ?? "no key exchange"} where {method} was chosen");
            throw IkeProtocolException.InvalidSyntax($"IKE_FOLLOWUP_KE needs a {method} key exchange, not {ke?.Method.ToString() ?? "none"}");
        }

        using (var keyExchange = AlgorithmRegistry.CreateKeyExchange(method))
        {
            _method = method;
            _responderData = keyExchange.ProcessInitiatorData(ke.KeyExchangeData.Span, out var sharedSecret);
            sharedSecrets.Add(sharedSecret);
        }

        AwaitOrFinish();
    }

    /// <summary>Responder: our share of that additional key exchange, and the link to the next one if any.</summary>
    public void BuildResponse(List<IkePayload> response)
    {
        response.Add(new KeyExchangePayload(_method, _responderData));
        AddLink(response);
    }

    /// <summary>
    /// No more follow-ups will run (the exchange lost a rekey collision, RFC 9370 §2.2.4): a responder stops awaiting
    /// them, and the secrets go. Nothing is reported: the other exchange carries on.
    /// </summary>
    public void Stop()
    {
        Forget();
        ZeroSecrets();
    }

    /// <summary>Responder: the initiator never sent the awaited IKE_FOLLOWUP_KE; the half-made SA goes.</summary>
    public void Expire(TimeSpan waited) =>
        Abandon(null, $"no IKE_FOLLOWUP_KE within {waited.TotalSeconds:0.#} s of our answer");

    /// <summary>Clears the shared secrets once they are used or no longer needed.</summary>
    public void ZeroSecrets()
    {
        foreach (var secret in sharedSecrets)
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The SA will not be made: its secrets go, and the IKE SA lives on.</summary>
    private void Abandon(NotifyMessageType? notify, string reason)
    {
        Stop();
        abandon(notify, reason);
    }

    private void Forget()
    {
        _methods.Clear();
        StopTimer();
        if (sa.AwaitedFollowups is { } awaited && awaited.GetValueOrDefault(Convert.ToHexString(_link)) == this)
        {
            awaited.Remove(Convert.ToHexString(_link));
        }
    }

    private void StopTimer()
    {
        Timer?.Dispose();
        Timer = null;
    }

    /// <summary>Initiator: after a response, the next IKE_FOLLOWUP_KE under the link it gave, or the SA when none is left.</summary>
    private void Continue(IReadOnlyList<IkePayload> response)
    {
        if (!Pending)
        {
            finish();
        }
        else if (response.FindNotify(NotifyMessageType.ADDITIONAL_KEY_EXCHANGE) is { NotificationData.Length: > 0 } link)
        {
            _link = link.NotificationData.ToArray();
            QueueFollowup();
        }
        else
        {
            Abandon(NotifyMessageType.INVALID_SYNTAX, $"the peer left additional key exchanges ({string.Join(", ", _methods)}) without the ADDITIONAL_KEY_EXCHANGE notify that continues them");
        }
    }

    /// <summary>Responder: after an exchange, the link of the next IKE_FOLLOWUP_KE we await, or the SA when none is left.</summary>
    private void AwaitOrFinish()
    {
        if (Pending)
        {
            Await();
        }
        else
        {
            finish();
        }
    }

    /// <summary>RFC 9370 §2.2.4: the IKE_FOLLOWUP_KE exchange comes next, before anything else we queued.</summary>
    private void QueueFollowup()
    {
        var later = sa.Queued.ToList();
        sa.Queued.Clear();
        sa.Queued.Enqueue(new QueuedExchange(ExchangeType.IKE_FOLLOWUP_KE, () => [new FollowupKeTask(sa, this)], exclusive));
        foreach (var exchange in later)
        {
            sa.Queued.Enqueue(exchange);
        }
    }

    /// <summary>Responder: the initiator's next IKE_FOLLOWUP_KE names these follow-ups by a fresh link of ours.</summary>
    private void Await()
    {
        _link = RandomNumberGenerator.GetBytes(8);
        (sa.AwaitedFollowups ??= [])[Convert.ToHexString(_link)] = this;
    }
}

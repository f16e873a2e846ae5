namespace SwanShell.Engine.Config;

/// <summary>
/// Reads <c>ike=</c> and <c>esp=</c> in libreswan's syntax into IKEv2 proposals: proposals separated by
/// <c>,</c>; each <c>ENCR[-PRF][-INTEG]</c> (ESP: <c>ENCR[-INTEG]</c>) with <c>+</c> between alternatives,
/// then <c>;KE</c> and <c>;ke=</c>/<c>;addke1=</c>… parts. What is left out is filled in as libreswan does:
/// default PRFs and key exchanges, integrity from the PRF. An ML-KEM method named as the key exchange
/// (<c>aes256-sha2;mlkem768</c>) is a hybrid: it becomes ADDKE1 next to the classical group (RFC 9370).
/// </summary>
internal sealed class ProposalParser
{
    private static readonly KeyExchangeMethod[] DefaultKeyExchange =
    [
        KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384, KeyExchangeMethod.Ecp521, KeyExchangeMethod.Curve25519,
        KeyExchangeMethod.Modp4096, KeyExchangeMethod.Modp3072, KeyExchangeMethod.Modp2048, KeyExchangeMethod.Modp8192,
    ];

    private static readonly PseudorandomFunction[] DefaultPrf = [PseudorandomFunction.HmacSha2_512, PseudorandomFunction.HmacSha2_256];

    private static readonly IntegrityAlgorithm[] DefaultEspIntegrity = [IntegrityAlgorithm.HmacSha2_512_256, IntegrityAlgorithm.HmacSha2_256_128];

    /// <summary>The most additional key exchanges RFC 9370 allows (transform types 6 to 12).</summary>
    private const int MaxAdditionalKeyExchanges = 7;

    private readonly SecurityProtocol _protocol;
    private readonly ConfigSetting _setting;
    private readonly DiagnosticList _diagnostics;
    private bool _failed;

    private ProposalParser(SecurityProtocol protocol, ConfigSetting setting, DiagnosticList diagnostics)
    {
        _protocol = protocol;
        _setting = setting;
        _diagnostics = diagnostics;
    }

    private enum Part
    {
        Encryption,
        Prf,
        Integrity,
        KeyExchange,
    }

    /// <summary>The proposals of one <c>ike=</c> or <c>esp=</c> setting; problems are reported at their column, and null returned.</summary>
    public static EquatableList<Proposal>? Parse(SecurityProtocol protocol, ConfigSetting setting, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var parser = new ProposalParser(protocol, setting, diagnostics);
        var proposals = new List<Proposal>();
        foreach (var (text, offset) in Split(setting.Value, ',', 0))
        {
            var proposal = parser.ParseProposal(text.Trim(), offset + (text.Length - text.TrimStart().Length));
            if (proposal is not null)
            {
                proposals.Add(proposal);
            }
        }

        return parser._failed ? null : new EquatableList<Proposal>(proposals);
    }

    private Proposal? ParseProposal(string text, int offset)
    {
        if (text.Length == 0)
        {
            return Fail(offset, $"an empty proposal in {_setting.Key}=", "remove the extra ','");
        }

        var errors = _diagnostics.ErrorCount;
        var encryption = new List<EncryptionTransform>();
        var prf = new List<PseudorandomFunction>();
        var integrity = new List<IntegrityAlgorithm>();
        var keyExchange = new List<KeyExchangeMethod>();
        var additional = new List<KeyExchangeMethod>[MaxAdditionalKeyExchanges];
        var parts = Split(text, ';', offset).ToList();
        var part = Part.Encryption;
        foreach (var (group, groupOffset) in Split(parts[0].Text, '-', parts[0].Offset))
        {
            part = Classify(group, part);
            AddGroup(group, groupOffset, part, encryption, prf, integrity, keyExchange);
            part++;
        }

        foreach (var (extra, extraOffset) in parts.Skip(1))
        {
            var equals = extra.IndexOf('=', StringComparison.Ordinal);
            var type = equals < 0 ? "ke" : extra[..equals];
            var list = type == "ke" ? keyExchange : AdditionalSlot(type, additional, extraOffset);
            if (list is not null)
            {
                AddGroup(extra[(equals + 1)..], extraOffset + equals + 1, Part.KeyExchange, encryption, prf, integrity, list);
            }
        }

        return _diagnostics.ErrorCount > errors ? null : Complete(text, offset, encryption, prf, integrity, keyExchange, additional);
    }

    /// <summary>Which part a <c>-</c> group is: positional, but PRF and integrity may each be left out.</summary>
    private Part Classify(string group, Part next)
    {
        var first = group.Split('+')[0];
        if (next == Part.Encryption)
        {
            return Part.Encryption;
        }

        if (next == Part.Prf && _protocol == SecurityProtocol.Esp)
        {
            next = Part.Integrity;
        }

        if (next == Part.Prf && AlgorithmNames.Prf.ContainsKey(first))
        {
            return Part.Prf;
        }

        return next <= Part.Integrity && AlgorithmNames.Integrity.ContainsKey(first) ? Part.Integrity : Part.KeyExchange;
    }

    private List<KeyExchangeMethod>? AdditionalSlot(string type, List<KeyExchangeMethod>[] additional, int offset)
    {
        if (type.StartsWith("addke", StringComparison.Ordinal) && int.TryParse(type.AsSpan(5), out var slot) && slot is >= 1 and <= MaxAdditionalKeyExchanges)
        {
            return additional[slot - 1] ??= [];
        }

        Fail(offset, $"'{type}=' is not supported in {_setting.Key}=", "use ';KE', ';ke=KE' or ';addke1=KE' … ';addke7=KE'");
        return null;
    }

    private void AddGroup(string group, int offset, Part part, List<EncryptionTransform> encryption, List<PseudorandomFunction> prf, List<IntegrityAlgorithm> integrity, List<KeyExchangeMethod> keyExchange)
    {
        foreach (var (token, tokenOffset) in Split(group, '+', offset))
        {
            var name = token.ToLowerInvariant();
            if (AlgorithmNames.Refused.Contains(name))
            {
                Fail(tokenOffset, $"'{token}' is too weak; SwanShell does not offer it", null);
                continue;
            }

            var known = part switch
            {
                Part.Encryption => AddEncryption(name, tokenOffset, encryption),
                Part.Prf => TryAdd(AlgorithmNames.Prf, name, prf),
                Part.Integrity => TryAdd(AlgorithmNames.Integrity, name, integrity),
                _ => TryAdd(AlgorithmNames.KeyExchange, name, keyExchange),
            };
            if (!known)
            {
                ReportUnknown(token, tokenOffset, part);
            }
        }
    }

    private bool AddEncryption(string name, int offset, List<EncryptionTransform> encryption)
    {
        int? keyLength = null;
        if (!AlgorithmNames.Encryption.TryGetValue(name, out var algorithm))
        {
            var digits = name.Length;
            while (digits > 0 && char.IsAsciiDigit(name[digits - 1]))
            {
                digits--;
            }

            if (digits == name.Length || !AlgorithmNames.Encryption.TryGetValue(name[..digits].TrimEnd('_'), out algorithm) || !int.TryParse(name.AsSpan(digits), out var bits))
            {
                return false;
            }

            keyLength = bits;
        }

        var lengths = AlgorithmNames.KeyLengths(algorithm);
        if (keyLength is { } length && !lengths.Contains(length))
        {
            var allowed = lengths.Length == 0 ? "takes no key length" : $"takes a key length of {string.Join(", ", lengths)} bits";
            Fail(offset, $"'{name}': {AlgorithmNames.Name(algorithm)} {allowed}", lengths.Length == 0 ? $"write '{AlgorithmNames.Name(algorithm)}'" : null);
            return true;
        }

        if (keyLength is null && lengths.Length > 0)
        {
            // libreswan proposes both common key lengths when none is given.
            encryption.Add(new EncryptionTransform(algorithm, 256));
            encryption.Add(new EncryptionTransform(algorithm, 128));
        }
        else
        {
            encryption.Add(new EncryptionTransform(algorithm, keyLength));
        }

        return true;
    }

    private Proposal? Complete(string text, int offset, List<EncryptionTransform> encryption, List<PseudorandomFunction> prf, List<IntegrityAlgorithm> integrity, List<KeyExchangeMethod> keyExchange, List<KeyExchangeMethod>[] additional)
    {
        if (encryption.Count == 0)
        {
            return Fail(offset, $"'{text}' names no encryption algorithm", "start the proposal with one, e.g. aes_gcm256 or aes256");
        }

        var aead = encryption.Count(e => AlgorithmNames.IsAead(e.Algorithm));
        integrity.RemoveAll(i => i == IntegrityAlgorithm.None && aead > 0);
        if (aead > 0 && aead < encryption.Count)
        {
            return Fail(offset, $"'{text}' mixes AEAD and non-AEAD encryption", "put them in separate proposals, separated by ','");
        }

        if (aead > 0 && integrity.Count > 0)
        {
            return Fail(offset, $"'{text}': {AlgorithmNames.Name(encryption[0].Algorithm)} already protects integrity", $"remove '{AlgorithmNames.Name(integrity[0])}'");
        }

        if (aead == 0 && integrity.Contains(IntegrityAlgorithm.None))
        {
            return Fail(offset, $"'{text}' has no integrity protection", "use an AEAD cipher such as aes_gcm256, or an integrity algorithm such as sha2_256");
        }

        if (_protocol == SecurityProtocol.Ike && prf.Count == 0)
        {
            prf.AddRange(DefaultPrf);
        }

        if (aead == 0 && integrity.Count == 0)
        {
            integrity.AddRange(_protocol == SecurityProtocol.Ike ? prf.Select(IntegrityFor) : DefaultEspIntegrity);
        }

        var hybrid = keyExchange.Where(AlgorithmNames.IsPostQuantum).ToList();
        keyExchange.RemoveAll(AlgorithmNames.IsPostQuantum);
        if (hybrid.Count > 0)
        {
            (additional[0] ??= []).InsertRange(0, hybrid);
        }

        if (_protocol == SecurityProtocol.Ike && keyExchange.Count == 0)
        {
            keyExchange.AddRange(DefaultKeyExchange);
        }

        var slots = additional.TakeWhile(slot => slot is not null).ToList();
        if (slots.Count < additional.Count(slot => slot is not null))
        {
            return Fail(offset, $"'{text}' skips an additional key exchange", "number addke1=, addke2=, … without gaps");
        }

        return new Proposal(
            _protocol,
            new EquatableList<EncryptionTransform>(encryption),
            new EquatableList<PseudorandomFunction>(prf),
            new EquatableList<IntegrityAlgorithm>(integrity),
            new EquatableList<KeyExchangeMethod>(keyExchange),
            new EquatableList<EquatableList<KeyExchangeMethod>>(slots.Select(slot => new EquatableList<KeyExchangeMethod>(slot))));
    }

    /// <summary>The integrity algorithm libreswan pairs with a PRF when <c>ike=</c> names none.</summary>
    private static IntegrityAlgorithm IntegrityFor(PseudorandomFunction prf) => prf switch
    {
        PseudorandomFunction.HmacSha1 => IntegrityAlgorithm.HmacSha1_96,
        PseudorandomFunction.AesXcbc128 => IntegrityAlgorithm.AesXcbc96,
        PseudorandomFunction.Aes128Cmac => IntegrityAlgorithm.AesCmac96,
        PseudorandomFunction.HmacSha2_384 => IntegrityAlgorithm.HmacSha2_384_192,
        PseudorandomFunction.HmacSha2_512 => IntegrityAlgorithm.HmacSha2_512_256,
        _ => IntegrityAlgorithm.HmacSha2_256_128,
    };

    private void ReportUnknown(string token, int offset, Part part)
    {
        var (kind, names) = part switch
        {
            Part.Encryption => ("encryption algorithm", AlgorithmNames.EncryptionNames),
            Part.Prf => ("PRF", AlgorithmNames.PrfNames),
            Part.Integrity => ("integrity algorithm", AlgorithmNames.IntegrityNames),
            _ => ("algorithm", AlgorithmNames.KeyExchangeNames.Concat(AlgorithmNames.PrfNames).Concat(AlgorithmNames.IntegrityNames)),
        };

        // A key length is not part of the name: suggest for "aes_gmc256" as for "aes_gmc", then put it back.
        var name = token.ToLowerInvariant();
        var digits = part == Part.Encryption ? name.Length - name.Reverse().TakeWhile(char.IsAsciiDigit).Count() : name.Length;
        var closest = EditDistance.Closest(name[..digits], names.Distinct());
        Fail(offset, $"unknown {kind} '{token}' in {_setting.Key}=", closest is null ? null : $"did you mean '{closest}{name[digits..]}'?");
    }

    private static bool TryAdd<T>(IReadOnlyDictionary<string, T> names, string name, List<T> into)
    {
        if (!names.TryGetValue(name, out var value))
        {
            return false;
        }

        into.Add(value);
        return true;
    }

    private Proposal? Fail(int offset, string message, string? suggestion)
    {
        _failed = true;
        _diagnostics.Error(_setting.ValueLocation with { Column = _setting.ValueLocation.Column + offset }, _setting.Key, message, suggestion);
        return null;
    }

    /// <summary>Splits <paramref name="text"/> at <paramref name="separator"/>, keeping each piece's offset in the setting's value.</summary>
    private static IEnumerable<(string Text, int Offset)> Split(string text, char separator, int offset)
    {
        var start = 0;
        while (true)
        {
            var end = text.IndexOf(separator, start);
            if (end < 0)
            {
                yield return (text[start..], offset + start);
                yield break;
            }

            yield return (text[start..end], offset + start);
            start = end + 1;
        }
    }
}

using System.Text;
using System.Text.RegularExpressions;
using SwanShell.Engine.Config;

namespace SwanShell.Internal;

/// <summary>
/// Takes secrets out of text meant for a bug report: the known secrets of ipsec.secrets in every spelling they may take
/// (text, hex, base64), and anything shaped like a secret (keys in <c>ip xfrm state</c> output, PEM private keys,
/// ipsec.secrets records).
/// </summary>
internal sealed partial class SecretRedactor
{
    public const string Redacted = "[redacted]";

    /// <summary>Shorter secrets would blank out ordinary text; the shapes below still catch them where they stand.</summary>
    private const int MinimumKnownLength = 4;

    private readonly List<string> _known = [];

    /// <param name="secrets">The records of ipsec.secrets whose secrets to look for.</param>
    public SecretRedactor(IEnumerable<SecretsEntry> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var secret in secrets.Select(e => e.Secret).OfType<SecretBytes>())
        {
            var bytes = secret.Expose();
            var text = Encoding.UTF8.GetString(bytes);
            var hex = Convert.ToHexStringLower(bytes);
            _known.AddRange([text, hex, Convert.ToBase64String(bytes), Convert.ToBase64String(bytes).TrimEnd('=')]);
        }

        // Longest first, so that a secret containing another is replaced whole.
        _known.RemoveAll(k => k.Length < MinimumKnownLength);
        _known.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = PemPrivateKey().Replace(text, $"-----{Redacted} private key-----");
        text = XfrmKey().Replace(text, m => $"{m.Groups["prefix"].Value}{Redacted}");
        text = SecretsRecord().Replace(text, m => $"{m.Groups["prefix"].Value}{Redacted}");
        foreach (var known in _known)
        {
            text = text.Replace(known, Redacted, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>A PEM block of any private key (PKCS#8, RSA, EC, encrypted).</summary>
    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?-----END [A-Z0-9 ]*PRIVATE KEY-----", RegexOptions.Singleline)]
    private static partial Regex PemPrivateKey();

    /// <summary>The key of an <c>ip xfrm state</c> algorithm line: <c>enc cbc(aes) 0x…</c>, <c>aead rfc4106(gcm(aes)) 0x… 128</c>.</summary>
    [GeneratedRegex(@"(?<prefix>\b(?:enc|auth|auth-trunc|aead|comp)\s+\S+\s+)0x[0-9a-fA-F]+", RegexOptions.Multiline)]
    private static partial Regex XfrmKey();

    /// <summary>The secret of an ipsec.secrets record: <c>: PSK "…"</c>, <c>: XAUTH 0x…</c>, <c>: RSA { … }</c>, and the rest of its kinds.</summary>
    [GeneratedRegex(@"(?<prefix>:\s*(?:PSK|XAUTH|PPKS\s+\S+|EAP|PIN|RSA|ECDSA)\s+)(?:""[^""]*""|'[^']*'|\{[^}]*\}|\S+)")]
    private static partial Regex SecretsRecord();
}

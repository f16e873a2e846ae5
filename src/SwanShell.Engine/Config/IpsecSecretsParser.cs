using System.Net;
using System.Text;

namespace SwanShell.Engine.Config;

/// <summary>
/// Reads ipsec.secrets(5): records of IDs, a standalone <c>:</c>, a type and a secret. A record starts in
/// column 1 and continues on indented lines; <c>#</c> at a line start or after white space begins a comment;
/// <c>include</c> takes a glob relative to the including file. Secrets are <c>"quoted"</c>, <c>0x</c> hex
/// (with optional <c>_</c>), <c>0s</c> base64 or <c>0t</c> text.
/// </summary>
internal sealed class IpsecSecretsParser
{
    private static readonly (string Name, SecretKind Kind)[] Kinds =
        [("PSK", SecretKind.PreSharedKey), ("RSA", SecretKind.Rsa), ("ECDSA", SecretKind.Ecdsa), ("XAUTH", SecretKind.Xauth), ("PPKS", SecretKind.PostQuantumPreSharedKey)];

    private readonly DiagnosticList _diagnostics;
    private readonly IncludeReader _includes;
    private readonly List<SecretsEntry> _entries = [];

    private IpsecSecretsParser(ConfigFileSystem files, DiagnosticList diagnostics, string path)
    {
        _diagnostics = diagnostics;
        _includes = new IncludeReader(files, diagnostics, path);
    }

    public static IReadOnlyList<SecretsEntry> Parse(ConfigFileSystem files, string path, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var virtualPath = ConfigFileSystem.Combine("/", path);
        var parser = new IpsecSecretsParser(files, diagnostics, virtualPath);
        parser.ReadFile(virtualPath, from: null);
        return parser._entries;
    }

    private void ReadFile(string path, SourceLocation? from)
    {
        if (!_includes.TryEnter(path, from, out var text))
        {
            return;
        }

        var display = _includes.Display(path);
        var record = new List<SecretsToken>();
        var number = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            var line = rawLine.TrimEnd('\r');
            var tokens = Tokenize(line, display, number);
            if (tokens.Count == 0)
            {
                continue;
            }

            if (tokens[0].Location.Column == 1)
            {
                FinishRecord(record);
                if (tokens[0].Text == "include" && !tokens[0].Quoted)
                {
                    Include(path, tokens);
                    continue;
                }
            }
            else if (record.Count == 0)
            {
                _diagnostics.Error(tokens[0].Location, null, "an indented line continues a record, but there is none to continue", "start the record in column 1");
                continue;
            }

            record.AddRange(tokens);
        }

        FinishRecord(record);
        _includes.Leave();
    }

    private void Include(string path, List<SecretsToken> tokens)
    {
        if (tokens.Count != 2)
        {
            _diagnostics.Error(tokens[0].Location, "include", "include takes one file name");
            return;
        }

        foreach (var file in _includes.Resolve(path, tokens[1].Text, tokens[0].Location))
        {
            ReadFile(file, tokens[0].Location);
        }
    }

    private void FinishRecord(List<SecretsToken> record)
    {
        if (record.Count > 0)
        {
            ParseRecord(record);
            record.Clear();
        }
    }

    private void ParseRecord(List<SecretsToken> record)
    {
        var colon = record.FindIndex(token => token.Text == ":" && !token.Quoted);
        if (colon < 0)
        {
            _diagnostics.Error(record[0].Location, null, "a secrets record needs ': TYPE secret' after its IDs", "e.g. @west @east : PSK \"secret\"");
            return;
        }

        var ids = new List<IkeIdentity>();
        foreach (var token in record.Take(colon))
        {
            if (ParseId(token) is { } id)
            {
                ids.Add(id);
            }
        }

        if (colon + 1 == record.Count)
        {
            _diagnostics.Error(record[colon].Location, null, "':' must be followed by a type: PSK, RSA, ECDSA, XAUTH or PPKS");
            return;
        }

        var typeToken = record[colon + 1];
        var type = Kinds.FirstOrDefault(kind => string.Equals(kind.Name, typeToken.Text, StringComparison.OrdinalIgnoreCase));
        if (type.Name is null)
        {
            var closest = EditDistance.Closest(typeToken.Text.ToUpperInvariant(), Kinds.Select(kind => kind.Name));
            _diagnostics.Error(typeToken.Location, null, $"unknown secret type '{typeToken.Text}'", closest is null ? "use PSK, RSA, ECDSA, XAUTH or PPKS" : $"did you mean '{closest}'?");
            return;
        }

        if (ids.Count < colon)
        {
            return; // an ID was reported
        }

        var values = record.Skip(colon + 2).ToList();
        var entry = type.Kind switch
        {
            SecretKind.Rsa or SecretKind.Ecdsa => KeyReference(ids, type.Kind, typeToken, values),
            SecretKind.PostQuantumPreSharedKey => Ppk(ids, typeToken, values),
            _ => Secret(ids, type.Kind, typeToken, values),
        };
        if (entry is not null)
        {
            _entries.Add(entry);
        }
    }

    private SecretsEntry? Secret(List<IkeIdentity> ids, SecretKind kind, SecretsToken type, List<SecretsToken> values)
    {
        if (values.Count != 1)
        {
            var where = values.Count == 0 ? type.Location : values[1].Location;
            _diagnostics.Error(where, null, $"{type.Text.ToUpperInvariant()} takes one secret", "write it as \"text\" (quoted), 0x… hex or 0s… base64");
            return null;
        }

        return ParseSecret(values[0]) is { } secret ? new SecretsEntry(new(ids), kind, secret, null, null, type.Location) : null;
    }

    private SecretsEntry? Ppk(List<IkeIdentity> ids, SecretsToken type, List<SecretsToken> values)
    {
        if (values.Count != 2)
        {
            _diagnostics.Error(type.Location, null, "PPKS takes a PPK ID and a secret", "e.g. : PPKS \"PPK_ID_1\" 0x…");
            return null;
        }

        return ParseSecret(values[1]) is { } secret ? new SecretsEntry(new(ids), SecretKind.PostQuantumPreSharedKey, secret, null, values[0].Text, type.Location) : null;
    }

    /// <summary>RSA/ECDSA records name a key; an inline key (<c>{ … }</c>) is not read, as in libreswan 4+.</summary>
    private SecretsEntry? KeyReference(List<IkeIdentity> ids, SecretKind kind, SecretsToken type, List<SecretsToken> values)
    {
        if (values.Count > 0 && values[0].Text == "{" && !values[0].Quoted)
        {
            _diagnostics.Warning(type.Location, null, $"inline {type.Text.ToUpperInvariant()} private keys are ignored", "import the key with Import-IpsecCertificate and name it in leftcert= or leftckaid=");
            return null;
        }

        if (values.Count != 1)
        {
            _diagnostics.Error(type.Location, null, $"{type.Text.ToUpperInvariant()} takes the name of one key", $"e.g. : {type.Text.ToUpperInvariant()} \"west\"");
            return null;
        }

        return new SecretsEntry(new(ids), kind, null, values[0].Text, null, type.Location);
    }

    private IkeIdentity? ParseId(SecretsToken token)
    {
        // %any6 and 0.0.0.0 / :: mean "any peer" here, as in libreswan.
        if (token.Text is "%any6" || (IPAddress.TryParse(token.Text, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) && StrictAddress.TryParse(token.Text, out _)))
        {
            return new IkeIdentity(IkeIdentityKind.Any, string.Empty);
        }

        if (IkeIdentity.TryParse(token.Text, out var id, out var error))
        {
            return id;
        }

        _diagnostics.Error(token.Location, null, $"invalid ID '{token.Text}': {error}");
        return null;
    }

    private SecretBytes? ParseSecret(SecretsToken token)
    {
        var text = token.Text;
        byte[]? bytes = null;
        string? problem = null;
        if (token.Quoted)
        {
            bytes = Encoding.UTF8.GetBytes(text);
        }
        else if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = text[2..].Replace("_", string.Empty, StringComparison.Ordinal);
            bytes = hex.Length > 0 && hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;
            problem = "0x must be followed by pairs of hex digits";
        }
        else if (text.StartsWith("0s", StringComparison.OrdinalIgnoreCase))
        {
            bytes = new byte[text.Length];
            bytes = Convert.TryFromBase64String(text[2..], bytes, out var written) && written > 0 ? bytes[..written] : null;
            problem = "0s must be followed by base64";
        }
        else if (text.StartsWith("0t", StringComparison.OrdinalIgnoreCase))
        {
            bytes = Encoding.UTF8.GetBytes(text[2..]);
        }
        else
        {
            problem = "a secret is written \"quoted\", 0x… hex, 0s… base64 or 0t… text";
        }

        if (bytes is null or { Length: 0 })
        {
            // The value itself is not repeated: it may be the secret.
            _diagnostics.Error(token.Location, null, bytes is null ? $"the secret is not readable: {problem}" : "the secret is empty");
            return null;
        }

        return new SecretBytes(bytes);
    }

    /// <summary>The words of one line: quoted strings, a standalone ':', and blank-separated words; a comment ends the line.</summary>
    private List<SecretsToken> Tokenize(string line, string file, int number)
    {
        var tokens = new List<SecretsToken>();
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] is ' ' or '\t')
            {
                i++;
                continue;
            }

            var at = new SourceLocation(file, number, i + 1);
            if (line[i] == '#')
            {
                break;
            }

            if (line[i] == '"')
            {
                var close = line.IndexOf('"', i + 1);
                if (close < 0)
                {
                    _diagnostics.Error(at, null, "a quoted secret has no closing '\"'", "a secret cannot span lines or contain '\"'; use 0x… hex for such bytes");
                    return [];
                }

                tokens.Add(new SecretsToken(line[(i + 1)..close], at, Quoted: true));
                i = close + 1;
                continue;
            }

            var end = i;
            while (end < line.Length && line[end] is not (' ' or '\t'))
            {
                end++;
            }

            tokens.Add(new SecretsToken(line[i..end], at, Quoted: false));
            i = end;
        }

        return tokens;
    }
}

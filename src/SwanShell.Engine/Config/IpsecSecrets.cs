namespace SwanShell.Engine.Config;

/// <summary>
/// The records of an ipsec.secrets and its includes, with the problems found reading them. Disposing it
/// zeroes every secret; a reread builds a new one and disposes the old.
/// </summary>
public sealed class IpsecSecrets : IDisposable
{
    private IpsecSecrets(IReadOnlyList<SecretsEntry> entries, IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        Entries = entries;
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<SecretsEntry> Entries { get; }

    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    /// <summary>Reads <paramref name="path"/> with every path seen under <paramref name="rootDirectory"/>; never throws for anything in the files.</summary>
    public static IpsecSecrets Read(string path, string rootDirectory = "/")
    {
        var diagnostics = new DiagnosticList();
        var entries = IpsecSecretsParser.Parse(new ConfigFileSystem(rootDirectory), path, diagnostics);
        return new IpsecSecrets(entries, diagnostics.Items);
    }

    /// <summary>The PSK for a pair of IDs by libreswan's best-match rules, or null; a null ID matches only <c>%any</c> and ID-less records.</summary>
    public SecretsEntry? FindPreSharedKey(IkeIdentity? local, IkeIdentity? remote) =>
        SecretMatcher.Find(Entries, SecretKind.PreSharedKey, local, remote, out _);

    /// <summary>As <see cref="FindPreSharedKey(IkeIdentity?, IkeIdentity?)"/>, also saying whether equally good records disagree (the first one is used).</summary>
    public SecretsEntry? FindPreSharedKey(IkeIdentity? local, IkeIdentity? remote, out bool ambiguous) =>
        SecretMatcher.Find(Entries, SecretKind.PreSharedKey, local, remote, out ambiguous);

    /// <summary>The RSA or ECDSA key reference for this end.</summary>
    public SecretsEntry? FindKey(SecretKind kind, IkeIdentity? local, IkeIdentity? remote) =>
        SecretMatcher.Find(Entries, kind, local, remote, out _);

    public void Dispose()
    {
        foreach (var entry in Entries)
        {
            entry.Secret?.Dispose();
        }
    }
}

namespace SwanShell.Engine.Config;

/// <summary>
/// What libreswan 5.x proposes when a conn has no <c>ike=</c> or <c>esp=</c>: AES-GCM, ChaCha20-Poly1305 and
/// AES-CBC with SHA-2, and (for IKE) the key exchanges DH19, DH20, DH21, DH31, MODP4096, 3072, 2048, 8192.
/// </summary>
public static class DefaultProposals
{
    public static EquatableList<Proposal> Ike { get; } = Parse(SecurityProtocol.Ike,
        "aes_gcm_16_256-sha2_512+sha2_256, aes_gcm_16_128-sha2_512+sha2_256, chacha20_poly1305-sha2_512+sha2_256, " +
        "aes_cbc_256-sha2_512+sha2_256, aes_cbc_128-sha2_512+sha2_256");

    public static EquatableList<Proposal> Esp { get; } = Parse(SecurityProtocol.Esp,
        "aes_gcm_16_256, aes_gcm_16_128, chacha20_poly1305, aes_cbc_256-sha2_512+sha2_256, aes_cbc_128-sha2_512+sha2_256");

    private static EquatableList<Proposal> Parse(SecurityProtocol protocol, string text)
    {
        var diagnostics = new DiagnosticList();
        var setting = new ConfigSetting(protocol == SecurityProtocol.Ike ? "ike" : "esp", text, default, default);
        return ProposalParser.Parse(protocol, setting, diagnostics)
            ?? throw new InvalidOperationException($"built-in proposal '{text}' does not parse: {diagnostics.Items[0]}");
    }
}

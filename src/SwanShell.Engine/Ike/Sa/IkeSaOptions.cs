using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>
/// What one side of a connection wants from an IKE SA and its first Child SA. Built from the configuration
/// (ike=, esp=, leftid=, rightid=, leftsubnet=, rightsubnet=, the PSK from ipsec.secrets).
/// </summary>
public sealed class IkeSaOptions
{
    private readonly int _windowSize = 1;

    /// <summary>IKE proposals in order of preference (protocol IKE, no SPI).</summary>
    public required IReadOnlyList<Proposal> IkeProposals { get; init; }

    /// <summary>ESP proposals for the Child SA made in IKE_AUTH, in order of preference (SPIs are filled in per SA).</summary>
    public required IReadOnlyList<Proposal> ChildProposals { get; init; }

    public required Identity LocalIdentity { get; init; }

    /// <summary>The identity the peer must prove; null accepts any identity the key authenticates.</summary>
    public Identity? RemoteIdentity { get; init; }

    /// <summary>The pre-shared key, for whichever side authenticates with one. Never printed.</summary>
    public ReadOnlyMemory<byte> PreSharedKey { get; init; }

    /// <summary>Our certificate with its private key: we authenticate with an RFC 7427 signature. Null: with the PSK.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>When <see cref="Certificate"/> is sent with our AUTH.</summary>
    public CertificateSendPolicy SendCertificate { get; init; } = CertificateSendPolicy.Always;

    /// <summary>Intermediate CA certificates sent after ours.</summary>
    public IReadOnlyList<X509Certificate2> CertificateChain { get; init; } = [];

    /// <summary>The CAs the peer's certificate must chain to: the peer authenticates with a signature. Null: with the PSK.</summary>
    public X509Certificate2Collection? TrustedCertificateAuthorities { get; init; }

    /// <summary>Where the peer's certificates are parsed once for all the IKE SAs that receive them (its chain is checked in each).</summary>
    public PeerCertificateCache PeerCertificates { get; init; } = PeerCertificateCache.Shared;

    /// <summary>The keys the peer may sign with (<c>rightauth=</c>); a certificate with another key is refused.</summary>
    public SignatureKeyTypes PeerSignatureKeys { get; init; } = SignatureKeyTypes.Rsa | SignatureKeyTypes.Ecdsa;

    /// <summary>
    /// Whether the peer may sign with RSA Digital Signature (method 1: PKCS#1 v1.5 over SHA-1, RFC 7296 §3.8), as
    /// libreswan's <c>rsasig</c> and <c>rsa-sha1</c> allow (RSASIG_v1_5) and its <c>rsa-sha2</c> does not.
    /// </summary>
    public bool AcceptRsaSha1Signature { get; init; } = true;

    /// <summary>
    /// RFC 7427 signatures: we announce SIGNATURE_HASH_ALGORITHMS and sign with Digital Signature (method 14) when the
    /// peer announced them too. Off, as strongSwan's <c>charon.signature_authentication = no</c>: we announce nothing
    /// and an ECDSA key signs with its RFC 4754 method (9-11).
    /// </summary>
    public bool SignatureAuthentication { get; init; } = true;

    /// <summary><c>rightca=</c>: a CA the peer's chain must pass through, besides ending at a trusted one. Null: any trusted CA.</summary>
    public X500DistinguishedName? RequiredCertificateAuthority { get; init; }

    public required IReadOnlyList<TrafficSelector> LocalTrafficSelectors { get; init; }

    public required IReadOnlyList<TrafficSelector> RemoteTrafficSelectors { get; init; }

    /// <summary>Encrypted messages longer than this are sent as RFC 7383 fragments, when both sides support it.</summary>
    public int FragmentSize { get; init; } = 1280;

    public RetransmissionOptions Retransmission { get; init; } = RetransmissionOptions.Default;

    /// <summary>
    /// keyingtries=: how many times to negotiate an IKE SA whose requests went unanswered, each attempt with its own
    /// retransmissions; 0 tries for ever (%forever). A refusal (NO_PROPOSAL_CHOSEN, AUTHENTICATION_FAILED) is not retried.
    /// </summary>
    public int KeyingTries { get; init; } = 1;

    /// <summary>
    /// As initiator, bring up the IKE SA alone, with no Child SA in IKE_AUTH (RFC 6023), when the responder announced
    /// CHILDLESS_IKEV2_SUPPORTED; otherwise the first Child SA is negotiated as usual.
    /// </summary>
    public bool Childless { get; init; }

    /// <summary>
    /// pfs=yes: a CREATE_CHILD_SA whose ESP proposals name no key exchange runs one with the IKE SA's group, as
    /// libreswan does (which, with pfs=yes, refuses a rekey without one).
    /// </summary>
    public bool ChildPfsWithIkeGroup { get; init; }

    /// <summary>
    /// Send INITIAL_CONTACT in IKE_AUTH (RFC 7296 §2.4): we hold no other IKE SA with this peer, so it may delete the
    /// SAs it still has of ours (we restarted and lost them).
    /// </summary>
    public bool InitialContact { get; init; }

    /// <summary>
    /// How many of the peer's requests we take at once once the IKE SA is up (RFC 7296 §2.3), answering them in any
    /// order and keeping as many responses to replay; above 1 it is announced with SET_WINDOW_SIZE in IKE_AUTH.
    /// </summary>
    public int WindowSize
    {
        get => _windowSize;
        init => _windowSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the window holds at least one request");
    }

    /// <summary>
    /// Where the SPIs of our inbound Child SAs come from: the daemon reserves them in the kernel (XFRM_MSG_ALLOCSPI),
    /// which knows every SPI in use; random when null.
    /// </summary>
    public ChildSpiAllocator? AllocateChildSpi { get; init; }

    /// <summary>Liveness checks once established; null (dpddelay=0) sends none.</summary>
    public LivenessOptions? Liveness { get; init; }

    public override string ToString() => $"{LocalIdentity} -> {RemoteIdentity?.ToString() ?? "%any"}";
}

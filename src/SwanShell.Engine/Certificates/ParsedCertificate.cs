using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>A peer's certificate and its public key (null when neither ECDSA nor RSA), owned by <see cref="PeerCertificateCache"/>: never disposed by its users.</summary>
public sealed record ParsedCertificate(X509Certificate2 Certificate, AsymmetricAlgorithm? PublicKey);

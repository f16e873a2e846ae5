using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace SwanShell.Engine.Crypto;

/// <summary>BouncyCastle's SecureRandom over the system RNG, so key generation in either library has one source.</summary>
internal static class BouncyCastleRandom
{
    public static readonly SecureRandom Instance = new(new CryptoApiRandomGenerator());
}

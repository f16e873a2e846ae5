namespace SwanShell.Engine.Config;

/// <summary>IKEv2 transform type 2, pseudorandom functions, with their IANA numbers.</summary>
public enum PseudorandomFunction
{
    HmacSha1 = 2,
    AesXcbc128 = 4,
    HmacSha2_256 = 5,
    HmacSha2_384 = 6,
    HmacSha2_512 = 7,
    Aes128Cmac = 8,
}

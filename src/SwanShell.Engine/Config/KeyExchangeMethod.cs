namespace SwanShell.Engine.Config;

/// <summary>IKEv2 transform type 4 (and 6–12, the additional key exchanges of RFC 9370), with their IANA numbers.</summary>
public enum KeyExchangeMethod
{
    None = 0,
    Modp2048 = 14,
    Modp3072 = 15,
    Modp4096 = 16,
    Modp6144 = 17,
    Modp8192 = 18,
    Ecp256 = 19,
    Ecp384 = 20,
    Ecp521 = 21,
    Curve25519 = 31,
    Curve448 = 32,
    MlKem512 = 35,
    MlKem768 = 36,
    MlKem1024 = 37,
}

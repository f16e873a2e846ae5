using Microsoft.Win32.SafeHandles;

namespace SwanShell.Engine.Crypto.Native;

/// <summary>Owns a libcrypto EVP_PKEY_CTX, freed with EVP_PKEY_CTX_free.</summary>
internal sealed class EvpPkeyContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpPkeyCtxFree(handle);
        return true;
    }
}

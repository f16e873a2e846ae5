using Microsoft.Win32.SafeHandles;

namespace SwanShell.Engine.Crypto.Native;

/// <summary>Owns a libcrypto EVP_PKEY, freed with EVP_PKEY_free (which clears private keys).</summary>
internal sealed class EvpPkeyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpPkeyFree(handle);
        return true;
    }
}

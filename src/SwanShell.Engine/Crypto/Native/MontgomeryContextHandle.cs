using Microsoft.Win32.SafeHandles;

namespace SwanShell.Engine.Crypto.Native;

/// <summary>Owns a libcrypto BN_MONT_CTX, freed with BN_MONT_CTX_free.</summary>
internal sealed class MontgomeryContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public MontgomeryContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.BnMontCtxFree(handle);
        return true;
    }
}

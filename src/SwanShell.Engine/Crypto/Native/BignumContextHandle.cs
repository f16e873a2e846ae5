using Microsoft.Win32.SafeHandles;

namespace SwanShell.Engine.Crypto.Native;

/// <summary>Owns a libcrypto BN_CTX, freed with BN_CTX_free (a secure context clears its temporaries).</summary>
internal sealed class BignumContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BignumContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.BnCtxFree(handle);
        return true;
    }
}

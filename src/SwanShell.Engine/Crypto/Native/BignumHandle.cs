using Microsoft.Win32.SafeHandles;

namespace SwanShell.Engine.Crypto.Native;

/// <summary>Owns a libcrypto BIGNUM, freed with BN_clear_free, which zeroes the value first (private exponents, shared secrets).</summary>
internal sealed class BignumHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BignumHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.BnClearFree(handle);
        return true;
    }
}

using System.Runtime.InteropServices;
using System.Security;

namespace SwanShell.Internal;

/// <summary>A SecureString's characters in an array that is wiped on dispose: never a managed string that lingers.</summary>
internal sealed class SecurePassword : IDisposable
{
    private readonly char[] _characters;

    public SecurePassword(SecureString? password)
    {
        _characters = new char[password?.Length ?? 0];
        if (password is null || password.Length == 0)
        {
            return;
        }

        var buffer = Marshal.SecureStringToGlobalAllocUnicode(password);
        try
        {
            Marshal.Copy(buffer, _characters, 0, _characters.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(buffer);
        }
    }

    public ReadOnlySpan<char> Characters => _characters;

    public void Dispose() => Array.Clear(_characters);
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>Child SA SPIs where no kernel hands them out (engine tests, load generators) or the kernel refused one.</summary>
public static class RandomSpi
{
    public static uint Next()
    {
        uint spi;
        do
        {
            spi = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        }
        while (spi < 256); // SPIs 1-255 are reserved by IANA (RFC 4303 §2.1)

        return spi;
    }
}

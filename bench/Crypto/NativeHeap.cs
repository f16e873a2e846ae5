using System.Globalization;
using System.Runtime.InteropServices;
using SwanShell.Engine.Crypto;
using SwanShell.Engine.Ike;

namespace SwanShell.Bench.Crypto;

/// <summary>
/// `Crypto heap GROUP [exchanges] [rounds]`: how much the malloc heap grows per round of key exchanges (both roles),
/// after a warm-up. libcrypto allocates with malloc, so a native leak shows here and not in the GC's numbers. Runs on
/// the main thread: glibc's mallinfo2 is exact for the main arena, while other threads' arenas report what their
/// heaps hold from the system. Prints "HEAP group=... exchanges=... round=... grown_bytes=..." lines.
/// </summary>
internal static class NativeHeap
{
    public static void Run(KeyExchangeTransformId group, int exchanges, int rounds)
    {
        Exchange(group, exchanges / 2);
        for (var round = 0; round < rounds; round++)
        {
            var before = InUse();
            Exchange(group, exchanges);
            var grown = InUse() - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HEAP group={group} exchanges={exchanges} round={round} grown_bytes={grown}"));
        }
    }

    private static void Exchange(KeyExchangeTransformId group, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var initiator = AlgorithmRegistry.CreateKeyExchange(group);
            using var responder = AlgorithmRegistry.CreateKeyExchange(group);
            initiator.ProcessResponderData(responder.ProcessInitiatorData(initiator.CreateInitiatorData(), out _));
        }

        // Whatever a forgotten Dispose would leave to the finalizer is freed before the count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long InUse()
    {
        var info = MallInfo2();
        return (long)(info.InUseInArena + info.InUseMapped);
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallocInfo MallInfo2();

    /// <summary>struct mallinfo2: ten size_t counters, of which uordblks and hblkhd are the bytes in use.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocInfo
    {
        public readonly nuint Arena;
        public readonly nuint FreeChunks;
        public readonly nuint FastBins;
        public readonly nuint MappedRegions;
        public readonly nuint InUseMapped;
        public readonly nuint Unused;
        public readonly nuint FastBinBytes;
        public readonly nuint InUseInArena;
        public readonly nuint FreeBytes;
        public readonly nuint TopReleasable;
    }
}

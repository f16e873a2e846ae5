using System.Diagnostics;
using System.Globalization;

namespace SwanShell.Bench.Crypto;

/// <summary>
/// `Crypto cpu [iterations]`: each benchmark's CPU time per operation from the process's CPU clock. On a machine busy
/// with other work BenchmarkDotNet's wall-clock means grow with the load; CPU time does not. Prints
/// "CRYPTO method=... group=... cpu_us=..." lines.
/// </summary>
internal static class CpuTime
{
    public static void Run(int iterations)
    {
        foreach (var group in KeyExchangeBenchmarks.AllGroups)
        {
            var keyExchange = new KeyExchangeBenchmarks { Group = group };
            keyExchange.Setup();
            Report("ResponderKeyExchange", group.ToString(), iterations, () => keyExchange.ResponderKeyExchange());
        }

        foreach (var group in KeyExchangeBenchmarks.Groups)
        {
            var engine = new EngineHandshakeBenchmarks { Group = group };
            engine.Setup();
            engine.NewEngines();
            Report("ChildlessIkeSa", group.ToString(), iterations, () => engine.ChildlessIkeSa());
            engine.DisposeEngines();
        }

        var derivation = new KeyDerivationBenchmarks();
        derivation.Setup();
        Report("SkeyseedAndIkeSaKeys", string.Empty, iterations * 10, derivation.SkeyseedAndIkeSaKeys);
        Report("PskAuthentication", string.Empty, iterations * 10, () => derivation.PskAuthentication());

        var signatures = new SignatureBenchmarks();
        signatures.Setup();
        Report("EcdsaP256VerifyAndSign", string.Empty, iterations, () => signatures.EcdsaP256VerifyAndSign());
        Report("Rsa2048VerifyAndSign", string.Empty, iterations, () => signatures.Rsa2048VerifyAndSign());
        signatures.Cleanup();
    }

    private static void Report(string method, string group, int iterations, Action operation)
    {
        for (var i = 0; i < Math.Max(1, iterations / 10); i++)
        {
            operation(); // warm-up: JIT and first use
        }

        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            operation();
        }

        process.Refresh();
        var microseconds = (process.TotalProcessorTime - before).TotalMicroseconds / iterations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CRYPTO method={method} group={(group.Length == 0 ? "-" : group)} cpu_us={microseconds:F1} iterations={iterations}"));
    }
}

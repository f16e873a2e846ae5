using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SwanShell.Engine.Ike;

namespace SwanShell.UnitTests.Crypto;

/// <summary>
/// The libcrypto key exchanges free what they allocate (keys, contexts, BIGNUMs). bench/Crypto's `heap` mode runs
/// rounds of exchanges on its main thread and prints how much the malloc heap grew in each (libcrypto allocates with
/// malloc; glibc counts the main thread's arena exactly, which a test host's pool threads would not give). A leak grows
/// every round; a one-off allocation (tiered JIT, a cache) grows one. A leaked EVP_PKEY_CTX per exchange added 650
/// bytes per round trip, a leaked BIGNUM 300.
/// </summary>
public sealed partial class KeyExchangeNativeMemoryTests
{
    private const int Exchanges = 1000;
    private const int Rounds = 5;
    private const long AllowedBytesPerExchange = 64;

    [Theory]
    [InlineData(KeyExchangeTransformId.CURVE25519)]
    [InlineData(KeyExchangeTransformId.CURVE448)]
    [InlineData(KeyExchangeTransformId.ECP_256)]
    [InlineData(KeyExchangeTransformId.MODP_2048)]
    public async Task Many_exchanges_leave_the_native_heap_flat(KeyExchangeTransformId method)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Crypto"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "heap", method.ToString(), $"{Exchanges}", $"{Rounds}" })
        {
            start.ArgumentList.Add(argument);
        }

        // Methods are compiled once, at their first call in the warm-up: with tiering, a recompilation on the JIT's
        // background thread (slower under load) fell into the rounds and grew the heap in each.
        start.Environment["DOTNET_TieredCompilation"] = "0";

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, output + await error);

        var growth = GrownBytes().Matches(output).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Rounds, growth.Count);
        Assert.True(growth.Min() < AllowedBytesPerExchange * Exchanges, $"every round of {Exchanges} {method} exchanges grew the malloc heap: {output}");
    }

    [GeneratedRegex(@"grown_bytes=(-?\d+)")]
    private static partial Regex GrownBytes();
}

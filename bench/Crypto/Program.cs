using System.Globalization;
using BenchmarkDotNet.Running;
using SwanShell.Bench.Crypto;

// dotnet run -c Release --project bench/Crypto -- --filter '*' --inProcess [--job short]   (BenchmarkDotNet)
// dotnet run -c Release --project bench/Crypto -- cpu [iterations]                        (CPU time per operation)
// dotnet run -c Release --project bench/Crypto -- heap GROUP [exchanges] [rounds]         (malloc heap growth)
if (args is ["cpu", ..])
{
    CpuTime.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
    return;
}

if (args is ["heap", var group, ..])
{
    NativeHeap.Run(
        Enum.Parse<SwanShell.Engine.Ike.KeyExchangeTransformId>(group),
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(KeyExchangeBenchmarks).Assembly).Run(args);

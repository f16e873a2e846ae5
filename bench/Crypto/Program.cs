using System.Globalization;
using BenchmarkDotNet.Running;
using SwanShell.Bench.Crypto;

// dotnet run -c Release --project bench/Crypto -- --filter '*' --inProcess [--job short]   (BenchmarkDotNet)
// dotnet run -c Release --project bench/Crypto -- cpu [iterations]                        (CPU time per operation)
if (args is ["cpu", ..])
{
    CpuTime.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(KeyExchangeBenchmarks).Assembly).Run(args);

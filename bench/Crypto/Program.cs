using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Crypto -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(SwanShell.Bench.Crypto.KeyExchangeBenchmarks).Assembly).Run(args);

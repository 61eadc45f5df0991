using BenchmarkDotNet.Running;

// Run all or pick with --filter, e.g. dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*Matmul*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

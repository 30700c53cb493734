using System;
using System.Threading;
using System.Threading.Tasks;
using ExESDB.ControlPlane;

if (args.Length > 0 && args[0] == LoadNode.Option)
{
    // One node of the distributed tests (internal, as --node is): the same bus, driven over stdin/stdout by the tests.
    return await LoadNode.RunAsync(args[1..], Console.Out, Console.In);
}

if (Array.Exists(args, a => a is "--help" or "-h" or "-?"))
{
    Console.Out.WriteLine(SimulationOptions.Usage);
    return 0;
}

// --codec-check: round-trip every published event through the generated CloudEvents codec (see CodecCheck).
CodecCheck.Enabled = Array.IndexOf(args, "--codec-check") >= 0;
SimulationOptions? options = SimulationOptions.Parse(Array.FindAll(args, a => a != "--codec-check"), out string? error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(SimulationOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (options.Node > 0)
{
    // One node process of a cluster run, started by its parent below.
    return await new ClusterNode(options, Console.Out, Console.In).RunAsync(cancel.Token);
}

if (options.Cluster > 0)
{
    return await new ClusterRunner(options, Console.Out).RunAsync(cancel.Token);
}

SimulationReport report = await new ControlPlaneSimulation(options, Console.Out).RunAsync(cancel.Token);
bool codecOk = !CodecCheck.Enabled || CodecCheck.Report(Console.Out);
return report.Succeeded && codecOk ? 0 : 1;

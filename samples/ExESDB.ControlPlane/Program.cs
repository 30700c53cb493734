using System;
using System.Threading;
using System.Threading.Tasks;
using ExESDB.ControlPlane;

SimulationOptions? options = SimulationOptions.Parse(args, out string? error);
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

SimulationReport report = await new ControlPlaneSimulation(options, Console.Out).RunAsync(cancel.Token);
return report.Succeeded ? 0 : 1;

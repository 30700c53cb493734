using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Tool.Commands;

namespace EventCatalog.Tool;

/// <summary>
/// <c>eventcatalog</c>: the catalog outside the compiler (SPEC §9). Exit codes: 0 done (warnings allowed),
/// 1 an error diagnostic was printed, 2 the command could not run (bad arguments, missing files).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        RootCommand root = Cli.Build();
        try
        {
            return await root.Parse(args).InvokeAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (ToolException ex)
        {
            await Console.Error.WriteLineAsync("eventcatalog: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
    }
}

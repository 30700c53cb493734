using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using EventCatalog.Tool.Commands;

namespace EventCatalog.Tool;

/// <summary>
/// <c>eventcatalog</c>: the catalog outside the compiler (SPEC §9). Exit codes: 0 done (warnings allowed),
/// 1 an error diagnostic was printed, 2 the command could not run — any argument error (System.CommandLine's parse
/// errors included) or a file-system failure, reported as one line <c>eventcatalog: …</c> on standard error, never a
/// stack trace.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        RootCommand root = Cli.Build();
        ParseResult parse = root.Parse(args, Cli.ParserConfiguration);
        if (Cli.ArgumentError(parse) is { } error)
        {
            await Console.Error.WriteLineAsync("eventcatalog: " + error).ConfigureAwait(false);
            return Cli.ExitCommandFailed;
        }

        try
        {
            return await parse.InvokeAsync(Cli.InvocationConfiguration, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("eventcatalog: " + Cli.Describe(ex)).ConfigureAwait(false);
            return Cli.ExitCommandFailed;
        }
    }
}

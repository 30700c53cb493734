using System;
using System.Collections.Generic;
using System.Globalization;

namespace ExESDB.ControlPlane;

/// <summary>The sample's command line: <c>--store ID</c>, <c>--events N</c>, <c>--quiet</c>.</summary>
public sealed record SimulationOptions(string Store, int EventsPerCategory, bool Quiet)
{
    public const string Usage = """
        Usage: dotnet run --project samples/ExESDB.ControlPlane -- [--store ID] [--events N] [--quiet] [--codec-check]

          --store ID    the store whose control plane is simulated (default: my_store)
          --events N    events each category's worker publishes, 1..1000000 (default: 15, every event type at least once)
          --quiet       print only the summary
          --codec-check also write every event with Events.Codec, read it back and compare (exit 1 on a mismatch)
        """;

    public static SimulationOptions Default { get; } = new("my_store", 15, false);

    /// <summary>Parses <paramref name="args"/>; on a bad argument returns null and says why in <paramref name="error"/>.</summary>
    public static SimulationOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        SimulationOptions options = Default;
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--store" when i + 1 < args.Count:
                    options = options with { Store = args[++i] };
                    break;
                case "--events" when i + 1 < args.Count:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > 1_000_000)
                    {
                        error = $"--events takes a whole number from 1 to 1000000, not '{args[i]}'.";
                        return null;
                    }

                    options = options with { EventsPerCategory = count };
                    break;
                case "--quiet":
                    options = options with { Quiet = true };
                    break;
                case "--store":
                case "--events":
                    error = $"{args[i]} needs a value.";
                    return null;
                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return null;
            }
        }

        try
        {
            EventCatalog.StoreIds.Validate(options.Store, Events.Topics.Template, "--store");
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }

        return options;
    }
}

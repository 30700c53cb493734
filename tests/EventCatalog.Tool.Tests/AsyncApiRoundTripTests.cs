using System;
using System.IO;
using System.Text.Json.Nodes;
using EventCatalog.Tool.Tests.Infrastructure;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests;

/// <summary>
/// <c>eventcatalog export asyncapi</c>, read back as a catalog (<c>*.asyncapi.json</c>): it checks clean, exported again it is the same
/// document (but for the source file named in <c>info.description</c>), and the official parser reports no error on either. That it
/// generates the same API is <c>AsyncApiRoundTripTests</c> in the generator's tests, on the copy kept in
/// <c>tests/EventCatalog.Generator.Tests/AsyncApi/exesdb.asyncapi.json</c>, which the first test here keeps current.
/// </summary>
public class AsyncApiRoundTripTests
{
    private static string Fixture => Repo.Combine("tests", "EventCatalog.Generator.Tests", "AsyncApi", "exesdb.asyncapi.json");

    private static RunResult Parse(string document) =>
        Run.Process("node", NodePackages.Folder, TimeSpan.FromMinutes(2), "validate-asyncapi.mjs", document);

    private static string Export(string catalog, string output)
    {
        RunResult export = Run.Tool(Repo.Root, "export", "asyncapi", catalog, "--format", "json", "-o", output);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.ToString());
        return File.ReadAllText(output);
    }

    /// <summary>The document with its <c>info.description</c> naming <paramref name="source"/> as the file it came from.</summary>
    private static string FromSource(string document, string from, string source)
    {
        JsonNode doc = JsonNode.Parse(document)!;
        string description = (string)doc["info"]!["description"]!;
        Assert.That(description, Does.Contain("exported from " + from + " "));
        doc["info"]!["description"] = description.Replace("exported from " + from + " ", "exported from " + source + " ", StringComparison.Ordinal);
        return doc.ToJsonString();
    }

    [Test]
    public void The_kept_export_of_the_root_catalog_is_current()
    {
        string exported = Export(Repo.RootCatalog, Path.Combine(Repo.NewTempFolder("asyncapi-kept"), "exesdb.asyncapi.json"));
        Assert.That(exported, Is.EqualTo(File.ReadAllText(Fixture)), "regenerate it: eventcatalog export asyncapi events.schema.yaml --format json -o " + Fixture);
    }

    [TestCase("root")]
    [TestCase("every-feature")]
    public void Exported_read_back_and_exported_again_is_the_same_document(string which)
    {
        string catalog = which == "root" ? Repo.RootCatalog : Repo.EveryFeatureCatalog;
        string folder = Repo.NewTempFolder("asyncapi-round-" + which);
        string first = Path.Combine(folder, "first.asyncapi.json");
        string firstText = Export(catalog, first);

        RunResult check = Run.Tool(Repo.Root, "check", first);
        Assert.That(check.ExitCode, Is.EqualTo(0), check.ToString());
        Assert.That(check.Stdout, Does.Contain("0 errors, 0 warnings"), check.ToString());

        string second = Path.Combine(folder, "second.asyncapi.json");
        string secondText = Export(first, second);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(secondText), JsonNode.Parse(FromSource(firstText, Path.GetFileName(catalog), "first.asyncapi.json"))), Is.True,
            "the second export differs from the first:\n" + secondText);

        string third = Path.Combine(folder, "third.asyncapi.json");
        Assert.That(FromSource(Export(second, third), "second.asyncapi.json", "first.asyncapi.json"), Is.EqualTo(JsonNode.Parse(secondText)!.ToJsonString()));

        foreach (string document in new[] { first, second })
        {
            RunResult parsed = Parse(document);
            Assert.That(parsed.ExitCode, Is.EqualTo(0), parsed.ToString());
            Assert.That(parsed.StdoutLines, Does.Contain("errors=0 warnings=0"), parsed.ToString());
        }
    }
}

using System;
using System.IO;
using NUnit.Framework;

namespace EventCatalog.Tool.Tests.Infrastructure;

/// <summary>
/// A consumer project as a user writes one (as samples/ExESDB.ControlPlane is wired): the repository's runtime,
/// generator and analyzers (and, for <c>fix</c>, the code fixes, which the package ships beside them), in the
/// configuration these tests were built in; restored.
/// </summary>
internal static class ConsumerProject
{
    /// <summary>Writes <c>NAME.csproj</c>, <c>events.schema.yaml</c> and <c>Program.cs</c> into a new temp folder, restores, and returns the .csproj's path.</summary>
    public static string Write(string name, string catalog, string program, bool withCodeFixes = false)
    {
        string folder = Repo.NewTempFolder(name.ToLowerInvariant());
        string configuration = Repo.Configuration;
        string codeFixes = withCodeFixes
            ? $"""<ProjectReference Include="{Repo.Combine("analyzers", "EventCatalog.CodeFixes", "EventCatalog.CodeFixes.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" SetConfiguration="Configuration={configuration}" />"""
            : string.Empty;
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Repo.Combine("generator", "EventCatalog.Generator", "build", "EventCatalog.props")}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Repo.Combine("runtime", "EventCatalog.Runtime", "EventCatalog.Runtime.csproj")}" />
                <ProjectReference Include="{Repo.Combine("generator", "EventCatalog.Generator", "EventCatalog.Generator.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" SetConfiguration="Configuration={configuration}" />
                <ProjectReference Include="{Repo.Combine("analyzers", "EventCatalog.Analyzers", "EventCatalog.Analyzers.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" SetConfiguration="Configuration={configuration}" />
                {codeFixes}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "events.schema.yaml"), catalog + "\n");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program + "\n");
        RunResult restore = Run.Process("dotnet", folder, TimeSpan.FromMinutes(3), "restore", name + ".csproj");
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        return Path.Combine(folder, name + ".csproj");
    }
}

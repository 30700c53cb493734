using System;
using System.Diagnostics;
using System.IO;

namespace EventCatalog.LocalServers;

/// <summary>
/// A throw-away certificate authority and a server certificate it signed for <c>127.0.0.1</c> and <c>localhost</c>, made
/// with the <c>openssl</c> command at test time in a folder of their own under the temp folder, deleted on
/// <see cref="Dispose"/>: for servers started with TLS (<see cref="RedisServer.StartTls"/>, <see cref="NatsServerOptions.Tls"/>).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory)
    {
        Directory = directory;
    }

    /// <summary>The folder holding the files.</summary>
    public string Directory { get; }

    /// <summary>The authority's certificate (PEM): what clients trust.</summary>
    public string CaFile => Path.Combine(Directory, "ca.crt");

    /// <summary>The server's certificate (PEM), signed by the authority, for <c>127.0.0.1</c> and <c>localhost</c>.</summary>
    public string CertFile => Path.Combine(Directory, "server.crt");

    /// <summary>The server's private key (PEM, unencrypted).</summary>
    public string KeyFile => Path.Combine(Directory, "server.key");

    /// <summary>Makes the authority and the server certificate (RSA 2048, valid one day).</summary>
    /// <returns>The files.</returns>
    /// <exception cref="LocalServerException">openssl is missing or failed; the message has its output.</exception>
    public static TestCertificates Create()
    {
        string openssl = LocalServer.FindProgram("openssl", "openssl");
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("eventcatalog-tls-").FullName);
        try
        {
            string dir = certificates.Directory;
            File.WriteAllText(Path.Combine(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            Run(openssl, dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=EventCatalog test CA", "-keyout", "ca.key", "-out", "ca.crt");
            Run(openssl, dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr");
            Run(openssl, dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-extfile", "server.ext", "-out", "server.crt");
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the files.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Run(string openssl, string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo(openssl) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new LocalServerException("openssl did not start.");
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new LocalServerException($"openssl {arguments[0]} failed: {output}");
        }
    }
}

using System.Diagnostics;

namespace Stamina.Testing;

/// <summary>
/// A network namespace of this machine joined to the root namespace by a veth pair, so that a process run in it
/// (<see cref="Launcher"/>) reaches this machine's services at <see cref="HostAddress"/> and nothing else, and can be
/// cut off (<see cref="Cut"/>) and joined again (<see cref="Restore"/>). Addresses are 10.213.N.0/30, on this
/// machine only. Needs root.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    readonly string hostEnd;

    NetworkNamespace(string name, string hostEnd, int index)
    {
        Name = name;
        this.hostEnd = hostEnd;
        HostAddress = $"10.213.{index}.1";
    }

    public string Name { get; }

    /// <summary>This machine, as seen from inside the namespace.</summary>
    public string HostAddress { get; }

    /// <summary>The command prefix that runs a program inside the namespace (it execs: the pid is the program's).</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Name];

    public static bool IsAvailable => Environment.UserName == "root" && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip"));

    /// <param name="index">1–250, unique among the namespaces alive at once.</param>
    public static NetworkNamespace Create(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 250);
        var name = $"stamina-test-{index}";
        var hostEnd = $"stt{index}h";
        var innerEnd = $"stt{index}n";
        // A namespace left by a killed earlier run would make every step below fail.
        Ip(check: false, "netns", "delete", name);
        Ip(check: false, "link", "delete", hostEnd);
        var created = new NetworkNamespace(name, hostEnd, index);
        try
        {
            Ip(check: true, "netns", "add", name);
            Ip(check: true, "link", "add", hostEnd, "type", "veth", "peer", "name", innerEnd);
            Ip(check: true, "link", "set", innerEnd, "netns", name);
            Ip(check: true, "addr", "add", $"10.213.{index}.1/30", "dev", hostEnd);
            Ip(check: true, "link", "set", hostEnd, "up");
            Ip(check: true, "-n", name, "addr", "add", $"10.213.{index}.2/30", "dev", innerEnd);
            Ip(check: true, "-n", name, "link", "set", innerEnd, "up");
            Ip(check: true, "-n", name, "link", "set", "lo", "up");
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>No packet in or out until <see cref="Restore"/>; open connections are not told.</summary>
    public void Cut() => Ip(check: true, "link", "set", hostEnd, "down");

    public void Restore() => Ip(check: true, "link", "set", hostEnd, "up");

    public void Dispose()
    {
        Ip(check: false, "link", "delete", hostEnd);
        Ip(check: false, "netns", "delete", Name);
    }

    static void Ip(bool check, params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("ip did not start");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Trim()}");
    }
}

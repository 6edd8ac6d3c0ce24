using System.Diagnostics;

namespace Stamina.Testing;

/// <summary>
/// A network namespace of this machine joined to the root namespace by a veth pair of its own, so that a process run
/// in it (<see cref="Launcher"/>) reaches this machine's services at <see cref="HostAddress"/> and nothing else, and
/// can be cut off (<see cref="Cut"/>) and joined again (<see cref="Restore"/>). Addresses are 10.213.N.0/30, on this
/// machine only. Each namespace holds a slot N (1–200, a lock file) for its life, so parallel test runs never share
/// names or addresses, and a slot's leftovers from a killed run are removed by the next run that takes it. Needs root.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    const int Slots = 200; // 10.213.213.0/30 stays free for a chaos run of an older checkout, which takes that one

    static readonly string SlotDirectory = Path.Combine(Path.GetTempPath(), "stamina-test-netns");

    readonly FileStream slot;
    readonly string hostEnd;

    NetworkNamespace(FileStream slot, int index)
    {
        this.slot = slot;
        Index = index;
        // Named after this test run (its pid) for whoever lists namespaces; unique by the slot.
        Name = $"stamina-{Environment.ProcessId}-{index}";
        hostEnd = $"stt{index}h";
        InnerEnd = $"stt{index}n";
        HostAddress = $"10.213.{index}.1";
        Address = $"10.213.{index}.2";
    }

    public string Name { get; }

    public int Index { get; }

    /// <summary>This machine, as seen from inside the namespace.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's own address.</summary>
    public string Address { get; }

    /// <summary>The namespace's end of the veth pair.</summary>
    public string InnerEnd { get; }

    /// <summary>The command prefix that runs a program inside the namespace (it execs: the pid is the program's).</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Name];

    public static bool IsAvailable => Environment.UserName == "root" && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip"));

    /// <summary>Takes a free slot and builds the namespace and its veth pair there.</summary>
    public static NetworkNamespace Create()
    {
        var (slot, index) = TakeSlot();
        var created = new NetworkNamespace(slot, index);
        try
        {
            created.RemoveLeftovers();
            Ip(check: true, "netns", "add", created.Name);
            Ip(check: true, "link", "add", created.hostEnd, "type", "veth", "peer", "name", created.InnerEnd);
            Ip(check: true, "link", "set", created.InnerEnd, "netns", created.Name);
            Ip(check: true, "addr", "add", $"{created.HostAddress}/30", "dev", created.hostEnd);
            Ip(check: true, "link", "set", created.hostEnd, "up");
            Ip(check: true, "-n", created.Name, "addr", "add", $"{created.Address}/30", "dev", created.InnerEnd);
            Ip(check: true, "-n", created.Name, "link", "set", created.InnerEnd, "up");
            Ip(check: true, "-n", created.Name, "link", "set", "lo", "up");
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

    /// <summary>Whether a TCP connection to <paramref name="host"/>:<paramref name="port"/> opens from inside the namespace (within 5 s).</summary>
    public bool CanConnect(string host, int port) =>
        Run(check: false, "ip", "netns", "exec", Name, "timeout", "5", "bash", "-c", "exec 3<>\"/dev/tcp/$0/$1\"", host,
            port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode == 0;

    /// <summary>The remote ends (address:port) of the TCP connections established inside the namespace.</summary>
    public IReadOnlyList<string> EstablishedPeers() =>
        [.. Run(check: true, "ip", "netns", "exec", Name, "ss", "-H", "-t", "-n", "state", "established").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])];

    public void Dispose()
    {
        Ip(check: false, "link", "delete", hostEnd);
        Ip(check: false, "netns", "delete", Name);
        slot.Dispose();
    }

    /// <summary>The first slot whose lock file no live process holds (the lock goes with its process, however it ends).</summary>
    static (FileStream Slot, int Index) TakeSlot()
    {
        Directory.CreateDirectory(SlotDirectory);
        for (var index = 1; index <= Slots; index++)
        {
            try
            {
                return (new FileStream(Path.Combine(SlotDirectory, $"{index}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), index);
            }
            catch (IOException)
            {
                // Another live run holds it.
            }
        }
        throw new InvalidOperationException($"all {Slots} network namespace slots in {SlotDirectory} are taken");
    }

    /// <summary>A run killed before its clean-up leaves its namespace and veth pair; with the slot ours, they are nobody's.</summary>
    void RemoveLeftovers()
    {
        Ip(check: false, "link", "delete", hostEnd);
        foreach (var line in Ip(check: false, "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.Split('-') is ["stamina", var pid, var index] && pid.All(char.IsAsciiDigit) && index == Index.ToString(System.Globalization.CultureInfo.InvariantCulture))
                Ip(check: false, "netns", "delete", name);
        }
    }

    static string Ip(bool check, params string[] arguments) => Run(check, ["ip", .. arguments]).Output;

    static (int ExitCode, string Output) Run(bool check, params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var output = process.StandardOutput.ReadToEnd(); // a few lines at most: neither pipe fills while the other is read
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {process.ExitCode}: {error.Trim()}");
        return (process.ExitCode, output);
    }
}

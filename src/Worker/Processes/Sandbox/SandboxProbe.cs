using System.Diagnostics;

namespace Stamina.Worker.Processes.Sandbox;

/// <summary>
/// Tries, once at start, the sandbox every command will get: bubblewrap with new PID and network namespaces and a
/// fresh <c>/proc</c>. Missing bubblewrap, refused user namespaces (an unprivileged user where they are off, a
/// container's seccomp profile) or a masked <c>/proc</c> all fail here, not on the first item.
/// </summary>
public static class SandboxProbe
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Null when sandboxing works; otherwise why not, in one line.</summary>
    public static string? Problem(string bubblewrap)
    {
        if (!OperatingSystem.IsLinux())
            return "commands are sandboxed with bubblewrap, which needs Linux";
        if (!File.Exists(bubblewrap))
            return $"{bubblewrap} is missing (install the bubblewrap package)";
        var info = new ProcessStartInfo(bubblewrap)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
                 {
                     "--die-with-parent", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--ro-bind", "/", "/",
                     "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--", "/bin/sh", "-c", "exit 0",
                 })
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                return $"{bubblewrap} did not finish a trial run within {Limit.TotalSeconds} s";
            }
#pragma warning disable VSTHRD002 // the process has exited: its output is complete
            return process.ExitCode == 0 ? null : $"{bubblewrap} failed a trial run: {error.Result.Trim()}";
#pragma warning restore VSTHRD002
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"{bubblewrap} cannot be started: {exception.Message}";
        }
    }
}

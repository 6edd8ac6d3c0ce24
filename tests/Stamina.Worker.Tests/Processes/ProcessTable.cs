namespace Stamina.Worker.Tests.Processes;

/// <summary>Reads /proc to see which live processes belong to a process group.</summary>
static class ProcessTable
{
    public static IReadOnlyList<int> MembersOf(int groupId)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var zombie = fields[0] == "Z";
            if (!zombie && int.Parse(fields[2]) == groupId)
                members.Add(pid);
        }
        return members;
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}

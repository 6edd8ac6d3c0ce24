using System.Globalization;
using System.Text;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>
/// Remembers on disk the process group of the command this worker runs. A worker killed with SIGKILL
/// cannot kill its command (it runs in its own session and outlives it); the next worker started on the
/// same work directory finds the entry and ends that orphan before taking work.
/// </summary>
public sealed class CommandLedger(string workDir, ILogger<CommandLedger> logger)
{
    readonly string directory = Path.Combine(workDir, "running");

    public void Record(int groupId, Guid itemId)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(EntryFor(groupId), itemId.ToString());
    }

    public void Forget(int groupId) => File.Delete(EntryFor(groupId));

    /// <summary>Kills what an earlier, dead worker left running. Returns how many groups it ended.</summary>
    public int EndOrphans()
    {
        if (!Directory.Exists(directory))
            return 0;
        var ended = 0;
        foreach (var entry in Directory.GetFiles(directory))
        {
            if (int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var groupId)
                && Guid.TryParse(File.ReadAllText(entry).Trim(), out var itemId) && IsCommandOf(groupId, itemId))
            {
                logger.LogWarning("Ending process group {GroupId} left running by a worker that died", groupId);
                ProcessGroup.Signal(groupId, 9);
                ended++;
            }
            File.Delete(entry);
        }
        return ended;
    }

    string EntryFor(int groupId) => Path.Combine(directory, groupId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The pid may have been reused since, even by another worker's agent: only that item's command is ours.</summary>
    static bool IsCommandOf(int groupId, Guid itemId)
    {
        try
        {
            var environment = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{groupId}/environ"));
            return environment.Split('\0').Contains($"STAMINA_ITEM_ID={itemId}");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

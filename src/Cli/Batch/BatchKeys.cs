using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stamina.Cli.Api;

namespace Stamina.Cli.Batch;

/// <summary>
/// The idempotency key of each task of a task file: derived from the file's path, the task's content (as sent)
/// and, for identical tasks, which copy it is. Re-running a file that stopped half-way sends every task again and
/// the coordinator answers those it already has; an edited task is a new item. Keys last the coordinator's
/// idempotency window (12 h by default), so the same nightly file makes new items the next night.
/// </summary>
internal static class BatchKeys
{
    public const string Prefix = "stamina-batch:";

    public static IReadOnlyList<string> For(string file, IReadOnlyList<BatchTask> tasks)
    {
        var path = Path.GetFullPath(file);
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>(tasks.Count);
        foreach (var task in tasks)
        {
            var content = JsonSerializer.Serialize(task.Request, CliJson.Options);
            copies[content] = copies.TryGetValue(content, out var seen) ? seen + 1 : 1;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{path}\n{copies[content]}\n{content}"));
            keys.Add(Prefix + Convert.ToHexStringLower(hash));
        }
        return keys;
    }
}

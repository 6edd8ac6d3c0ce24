using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stamina.Cli.Api;

namespace Stamina.Cli.Batch;

/// <summary>
/// The idempotency key of a task file's batch: derived from the file's path and the whole request (as sent). Running the
/// same file again (after a timeout, say) answers the batch it made; an edited file is a new batch. Keys last the
/// coordinator's idempotency window (12 h by default), so the same nightly file makes a new batch the next night.
/// </summary>
static class BatchKeys
{
    public const string Prefix = "stamina-batch:";

    public static string For(string file, BatchRequest request)
    {
        var content = JsonSerializer.Serialize(request, CliJson.Options);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Path.GetFullPath(file)}\n{content}"));
        return Prefix + Convert.ToHexStringLower(hash);
    }
}

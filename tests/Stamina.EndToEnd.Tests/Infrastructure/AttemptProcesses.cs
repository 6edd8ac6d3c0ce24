using System.Globalization;
using System.Text;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The live processes of one attempt, found by the environment every command of it inherits
/// (<c>STAMINA_ITEM_ID</c>, <c>STAMINA_ATTEMPT</c>): its children and their children too, whatever they call themselves.
/// </summary>
static class AttemptProcesses
{
    public static IReadOnlyList<int> Of(Guid item, int attempt)
    {
        var wanted = new[] { $"STAMINA_ITEM_ID={item}", $"STAMINA_ATTEMPT={attempt.ToString(CultureInfo.InvariantCulture)}" };
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                var environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ"))).Split('\0');
                if (wanted.All(environment.Contains) && Signals.IsAlive(pid))
                    found.Add(pid);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked, or not ours to read.
            }
        }
        return found;
    }
}

using System.Diagnostics;
using System.Text;
using Stamina.FakeAgent.Cli;

namespace Stamina.FakeAgent.Accounts;

/// <summary>
/// Reads and rewrites <c>fake-agent-state.json</c> under an exclusive lock on the file itself, since several
/// fake agents of one account may start at once.
/// </summary>
static class AccountStateFile
{
    static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Counts this run and returns when its account limit ends, or null when the run may go on.</summary>
    public static DateTimeOffset? Admit(string configDirectory, AccountLimitSettings settings, DateTimeOffset now)
    {
        using var file = OpenLocked(Path.Combine(configDirectory, AccountLimitState.FileName));
        using var reader = new StreamReader(file, Encoding.UTF8, leaveOpen: true);
        AccountLimitState state;
        try
        {
            state = AccountLimitState.Parse(reader.ReadToEnd());
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new UsageException($"{file.Name} is not valid: {error.Message}");
        }
        var (next, limitedUntil) = AccountLimiter.Admit(settings, state, now);
        file.SetLength(0);
        file.Write(Encoding.UTF8.GetBytes(next.ToJson() + "\n"));
        file.Flush(flushToDisk: true);
        return limitedUntil;
    }

    static FileStream OpenLocked(string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix: other fake agents wait here.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < LockTimeout)
            {
                Thread.Sleep(10);
            }
        }
    }
}

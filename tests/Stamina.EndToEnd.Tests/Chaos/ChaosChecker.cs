using Dapper;
using Npgsql;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Chaos;

/// <summary>
/// Reads a chaos run's histories and database and checks what a user would: every item ended and succeeded, with
/// exactly one accepted result, from a live attempt, whose branch holds its work; no failure was counted for a
/// fault; two attempts of one item never both worked for longer than the bound; no command outlived the run.
/// </summary>
sealed class ChaosChecker(Fleet fleet, ChaosOptions options, string history)
{
    public async Task<ChaosReport> CheckAsync(IReadOnlyDictionary<FaultKind, int> faults, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var items = (await connection.QueryAsync<(Guid Id, string State, int Failures, int LostAttempts)>(
            "select id, state, failures, lost_attempts from work_items")).ToList();
        var attempts = (await connection.QueryAsync<(Guid ItemId, int Number, string Worker, string? Outcome, string? ErrorClass, string? Message)>(
            "select item_id, number, worker, outcome, error_class, message from attempts")).ToList();
        var results = (await connection.QueryAsync<(Guid ItemId, int Attempt, string Branch)>("select item_id, attempt, branch from results"))
            .ToDictionary(r => r.ItemId);
        var stale = (await connection.QueryAsync<(string Kind, long Count)>("select kind, count(*) from stale_reports group by kind"))
            .ToDictionary(s => s.Kind, s => s.Count);
        var ticks = TickHistory.Read(Path.Combine(history, "ticks.log"));
        var overlaps = ticks.Overlaps();

        var violations = new List<string>();
        foreach (var item in items)
        {
            if (item.State != "Succeeded")
                violations.Add($"item {item.Id} ended {item.State} ({Describe(attempts.Where(a => a.ItemId == item.Id))})");
            if (item.Failures > 0)
                violations.Add($"item {item.Id} counted {item.Failures} failure(s) for injected faults");
            var succeeded = attempts.Where(a => a.ItemId == item.Id && a.Outcome == "succeeded").Select(a => a.Number).ToList();
            if (results.TryGetValue(item.Id, out var result))
            {
                if (succeeded.Count != 1 || succeeded[0] != result.Attempt)
                    violations.Add($"item {item.Id}: result from attempt {result.Attempt}, but succeeded attempts are [{string.Join(", ", succeeded)}]");
                CheckBranch(item.Id, result.Branch, violations);
            }
            else if (item.State == "Succeeded")
            {
                violations.Add($"item {item.Id} succeeded without a result");
            }
            if (overlaps.TryGetValue(item.Id, out var overlap) && overlap > options.OverlapBound)
                violations.Add($"item {item.Id}: two attempts both worked for {overlap.TotalSeconds:0.0} s (bound {options.OverlapBound.TotalSeconds:0.0} s)");
        }
        await CheckNoCommandLeftAsync(items.Select(i => i.Id).ToHashSet(), violations);
        violations.AddRange(Worktrees().Where(w => !w.Kept && !w.Spare)
            .Select(w => $"worktree {w.Path} leaked (every item ended, and it is neither kept for inspection nor a spare within the limit)"));

        return new ChaosReport
        {
            Seed = options.Seed,
            Duration = options.Duration,
            Items = items.Count,
            Succeeded = items.Count(i => i.State == "Succeeded"),
            Faults = faults,
            Attempts = attempts.Count,
            LostAttempts = attempts.Count(a => a.Outcome == "lost"),
            LostHow = attempts.Where(a => a.Outcome == "lost").GroupBy(a => LostHow(a.Message)).ToDictionary(g => g.Key, g => g.Count()),
            ReleasedAttempts = attempts.Count(a => a.Outcome == "released"),
            FailuresCounted = items.Sum(i => i.Failures),
            StaleReports = stale,
            ReExecutedItems = ticks.ReExecutedItems,
            LongestOverlap = overlaps.Values.DefaultIfEmpty(TimeSpan.Zero).Max(),
            LeftoverWorktrees = Worktrees().Count(w => w.Kept),
            Violations = violations,
        };
    }

    void CheckBranch(Guid item, string branch, List<string> violations)
    {
        try
        {
            var content = fleet.Repository.Show(branch, "result.txt");
            if (content != item.ToString())
                violations.Add($"item {item}: branch {branch} holds '{content}' in result.txt");
        }
        catch (InvalidOperationException exception)
        {
            violations.Add($"item {item}: accepted branch {branch} is missing its work: {exception.Message}");
        }
    }

    /// <summary>Once every item ended, no process may still carry one of their ids.</summary>
    static async Task CheckNoCommandLeftAsync(HashSet<Guid> items, List<string> violations)
    {
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(LiveCommands(items).Count == 0), TimeSpan.FromSeconds(30), "every command to be gone");
        }
        catch (TimeoutException)
        {
            violations.AddRange(LiveCommands(items).Select(c => $"process {c.Pid} of item {c.Item} outlived the run"));
        }
    }

    static List<(int Pid, Guid Item)> LiveCommands(HashSet<Guid> items)
    {
        var found = new List<(int, Guid)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || !Signals.IsAlive(pid))
                continue;
            string environment;
            try
            {
                environment = File.ReadAllText(Path.Combine(directory, "environ"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var variable in environment.Split('\0'))
            {
                if (variable.StartsWith("STAMINA_ITEM_ID=", StringComparison.Ordinal)
                    && Guid.TryParse(variable["STAMINA_ITEM_ID=".Length..], out var item) && items.Contains(item))
                {
                    found.Add((pid, item));
                }
            }
        }
        return found;
    }

    /// <summary>
    /// Every worktree the workers hold, and whether it is allowed to stay: kept for inspection (a failed or stopped
    /// attempt's), or a spare for reuse within the worker's limit. Any other leaked.
    /// </summary>
    List<(string Path, bool Kept, bool Spare)> Worktrees()
    {
        var workers = Path.Combine(fleet.Root, "workers");
        if (!Directory.Exists(workers))
            return [];
        var spareLimit = new Stamina.Worker.WorkerSettings().SpareWorktrees;
        var found = new List<(string, bool, bool)>();
        foreach (var worktrees in Directory.EnumerateDirectories(workers).Select(worker => Path.Combine(worker, "worktrees")).Where(Directory.Exists))
        {
            var spareFolder = Path.Combine(worktrees, Stamina.Worker.Git.WorktreeManager.SpareFolderName);
            found.AddRange(Directory.EnumerateDirectories(worktrees).Where(worktree => worktree != spareFolder)
                .Select(worktree => (worktree, File.Exists(worktree + ".kept"), false)));
            if (Directory.Exists(spareFolder))
                found.AddRange(Directory.EnumerateDirectories(spareFolder).Select((spare, index) => (spare, false, index < spareLimit)));
        }
        return found;
    }

    static string LostHow(string? message) => message switch
    {
        null => "unknown",
        _ when message.Contains("expired", StringComparison.Ordinal) => "lease expired",
        _ when message.Contains("taken over", StringComparison.Ordinal) => "taken over after a redelivery",
        _ when message.Contains("restarted", StringComparison.Ordinal) => "holder restarted",
        _ => "other",
    };

    static string Describe(IEnumerable<(Guid ItemId, int Number, string Worker, string? Outcome, string? ErrorClass, string? Message)> attempts) =>
        string.Join("; ", attempts.OrderBy(a => a.Number).Select(a => $"#{a.Number} {a.Worker} {a.Outcome ?? "running"} {a.ErrorClass}"));
}

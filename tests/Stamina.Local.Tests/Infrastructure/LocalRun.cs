using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Stamina.Local.Tests.Infrastructure;

/// <summary>
/// One <c>stamina local</c> on a data directory of its own, with a git repository under an allowed root and
/// the fake agent as every harness. The process may be killed and started again on the same directory.
/// </summary>
sealed class LocalRun : IAsyncDisposable
{
    static readonly string[] Harnesses = ["claude", "codex", "gemini"];

    readonly TemporaryDirectory directory = new("local");
    readonly List<ServiceProcess> processes = [];
    readonly IReadOnlyList<string> accounts;
    readonly int workers;
    readonly GitRepository git;
    readonly ItemApi items;

    public LocalRun(int workers = 2, IReadOnlyList<string>? accounts = null)
    {
        this.workers = workers;
        this.accounts = accounts ?? [];
        Port = FreePorts.Next();
        git = GitRepository.CreateWithOneCommit(Path.Combine(directory.Path, "repos", "sample"));
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
        items = new ItemApi(Api);
    }

    public int Port { get; }
    public string DataDir => directory.Combine("data");
    public string Repository => git.Path;
    public HttpClient Api { get; }
    public ServiceProcess Process => processes[^1];

    /// <summary>An account's agent config dir (created on first use), shared by every harness.</summary>
    public string AccountDir(string account) => Directory.CreateDirectory(directory.Combine("accounts", account)).FullName;

    public async Task StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Stamina__AllowedLocalRoots__0"] = directory.Combine("repos"),
            ["Stamina__Worker__HeartbeatInterval"] = "00:00:01",
            ["Stamina__Leases__HeartbeatInterval"] = "00:00:01",
            ["Stamina__Worker__DrainTimeout"] = "00:00:05",
            ["Stamina__Dispatch__ReaperInterval"] = "00:00:00.500",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var harness in Harnesses)
        {
            environment[$"Stamina__Harnesses__{harness}__Executable"] = RepositoryRoot.FakeAgent;
            foreach (var account in accounts)
                environment[$"Stamina__Accounts__{account}__{harness}"] = AccountDir(account);
        }
        var arguments = new List<string> { "--workers", workers.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDir, "--port", Port.ToString(CultureInfo.InvariantCulture) };
        if (accounts.Count > 0)
            arguments.AddRange(["--accounts", string.Join(',', accounts)]);
        var process = LocalProgram.Start($"stamina local, run {processes.Count + 1}", arguments, environment);
        processes.Add(process);
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"stamina local exited ({process.ExitCode}): " + string.Join('\n', process.Output.TakeLast(30)));
            if (!File.Exists(LocalApiKey.PathIn(DataDir)))
                return false;
            Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LocalApiKey.TryRead(DataDir));
            var live = (await WorkersAsync()).Count(w => w.GetProperty("state").GetString() != "offline");
            return live == workers;
        }, TimeSpan.FromSeconds(60), "stamina local to answer with its workers");
    }

    public async Task KillHardAsync() => await Process.KillHardAsync();

    public async Task<Guid> SubmitAsync(object body) => (await items.SubmitAsync(body)).GetProperty("id").GetGuid();

    public Task<JsonElement> ItemAsync(Guid id) => items.ItemAsync(id);

    public Task<IReadOnlyList<JsonElement>> WorkersAsync() => items.WorkersAsync();

    public Task<JsonElement> WaitForStateAsync(Guid id, string state, TimeSpan timeout) => items.WaitForStateAsync(id, state, timeout);

    /// <summary>A query on the local store (read beside the running process; SQLite's WAL allows it).</summary>
    public async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "stamina.db")};Mode=ReadOnly");
        return [.. await connection.QueryAsync<T>(sql)];
    }

    public bool HasBranch(string branch) => git.HasBranch(branch);

    public void WriteLogs(TextWriter writer)
    {
        foreach (var process in processes)
            process.WriteLogTo(writer);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
            await process.DisposeAsync();
        // Agents a killed run left behind are ended by the next run; after the last one, by us.
        foreach (var orphan in System.Diagnostics.Process.GetProcessesByName("stamina-fake-agent"))
        {
            using (orphan)
            {
                if (WorkingDirectoryOf(orphan.Id).StartsWith(directory.Path, StringComparison.Ordinal))
                    orphan.Kill(entireProcessTree: true);
            }
        }
        Api.Dispose();
        directory.Dispose();
    }

    static string WorkingDirectoryOf(int pid)
    {
        try
        {
            return Directory.ResolveLinkTarget($"/proc/{pid}/cwd", returnFinalTarget: false)?.FullName ?? "";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}

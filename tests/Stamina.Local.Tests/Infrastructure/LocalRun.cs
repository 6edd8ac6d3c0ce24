using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Stamina.Testing;

namespace Stamina.Local.Tests.Infrastructure;

/// <summary>
/// One <c>stamina local</c> on a data directory of its own, with a git repository under an allowed root and
/// the fake agent as every harness. The process may be killed and started again on the same directory.
/// </summary>
sealed class LocalRun : IAsyncDisposable
{
    static readonly string[] Harnesses = ["claude", "codex", "gemini"];

    readonly TemporaryDirectory directory = new("local");
    readonly List<LocalProcess> processes = [];
    readonly IReadOnlyList<string> accounts;
    readonly int workers;

    public LocalRun(int workers = 2, IReadOnlyList<string>? accounts = null)
    {
        this.workers = workers;
        this.accounts = accounts ?? [];
        Port = FreePort();
        Repository = Path.Combine(directory.Path, "repos", "sample");
        CreateRepository(Repository);
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }
    public string DataDir => directory.Combine("data");
    public string Repository { get; }
    public HttpClient Api { get; }
    public LocalProcess Process => processes[^1];

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
            environment[$"Stamina__Harnesses__{harness}__Executable"] = BuiltPrograms.FakeAgent;
            foreach (var account in accounts)
                environment[$"Stamina__Accounts__{account}__{harness}"] = AccountDir(account);
        }
        var arguments = new List<string> { "--workers", workers.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDir, "--port", Port.ToString(CultureInfo.InvariantCulture) };
        if (accounts.Count > 0)
            arguments.AddRange(["--accounts", string.Join(',', accounts)]);
        var process = LocalProcess.Start(arguments, environment);
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

    public async Task<Guid> SubmitAsync(object body)
    {
        using var response = await Api.PostAsJsonAsync("/api/items", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> ItemAsync(Guid id) =>
        JsonDocument.Parse(await Api.GetStringAsync($"/api/items/{id}")).RootElement.Clone();

    public async Task<IReadOnlyList<JsonElement>> WorkersAsync() =>
        [.. JsonDocument.Parse(await Api.GetStringAsync("/api/workers")).RootElement.GetProperty("workers").EnumerateArray().Select(w => w.Clone())];

    public async Task<JsonElement> WaitForStateAsync(Guid id, string state, TimeSpan timeout)
    {
        JsonElement item = default;
        await Eventually.UntilAsync(async () =>
        {
            item = await ItemAsync(id);
            return item.GetProperty("state").GetString() == state;
        }, timeout, $"item {id} to be {state}");
        return item;
    }

    /// <summary>A query on the local store (read beside the running process; SQLite's WAL allows it).</summary>
    public async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "stamina.db")};Mode=ReadOnly");
        return [.. await connection.QueryAsync<T>(sql)];
    }

    public bool HasBranch(string branch) => Git(Repository, "branch", "--list", branch).Length > 0;

    public void WriteLogs(TextWriter writer)
    {
        foreach (var (process, index) in processes.Select((p, i) => (p, i)))
        {
            writer.WriteLine($"----- stamina local, run {index + 1} -----");
            foreach (var line in process.Output)
                writer.WriteLine(line);
        }
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

    static void CreateRepository(string path)
    {
        Directory.CreateDirectory(path);
        Git(path, "init", "--quiet", "--initial-branch=main");
        File.WriteAllText(Path.Combine(path, "README.md"), "# sample\n");
        Git(path, "add", "README.md");
        Git(path, "-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "initial");
    }

    static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        return output.Trim();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

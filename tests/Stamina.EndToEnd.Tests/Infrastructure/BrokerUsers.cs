using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Broker users made by the real <c>stamina broker users</c> for one test, named uniquely (users are global, not per
/// vhost), their connection strings by variable; deleted on dispose.
/// </summary>
sealed class BrokerUsers : IAsyncDisposable
{
    readonly List<string> users = [];

    BrokerUsers(IReadOnlyDictionary<string, string> connectionStrings) => ConnectionStrings = connectionStrings;

    /// <summary>A test's unique prefix for worker and user names (letters and digits only).</summary>
    public static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..10];

    public IReadOnlyDictionary<string, string> ConnectionStrings { get; }

    public string Coordinator => ConnectionStrings["STAMINA_BROKER_COORDINATOR"];

    public string Worker(string name) => ConnectionStrings["STAMINA_BROKER_WORKER_" + name.ToUpperInvariant().Replace('-', '_').Replace('.', '_')];

    /// <summary>The admin's environment for the command: where the management API is and its credentials.</summary>
    public static Dictionary<string, string> AdminEnvironment() => new()
    {
        ["STAMINA_BROKER_MANAGEMENT_URL"] = TestEnvironment.RabbitMqManagementUri.ToString(),
        ["STAMINA_BROKER_ADMIN_USER"] = TestEnvironment.RabbitMqUser,
        ["STAMINA_BROKER_ADMIN_PASSWORD"] = TestEnvironment.RabbitMqPassword,
    };

    public static string BrokerUrl(TemporaryVirtualHost vhost) =>
        $"amqp://{TestEnvironment.RabbitMqUri.Authority}/{Uri.EscapeDataString(vhost.Name)}";

    public static async Task<BrokerUsers> CreateAsync(TemporaryVirtualHost vhost, string? coordinator, params string[] workers)
    {
        var arguments = new List<string> { "broker", "users", "--broker-url", BrokerUrl(vhost) };
        if (coordinator is not null)
            arguments.AddRange(["--coordinator", coordinator]);
        foreach (var worker in workers)
            arguments.AddRange(["--worker", worker]);
        var run = await CliRun.RunAsync(AdminEnvironment(), [.. arguments]);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"stamina broker users exited {run.ExitCode}: {run.Error}");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'));
        var strings = lines.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var made = new BrokerUsers(strings);
        made.users.AddRange(strings.Values.Select(uri => Uri.UnescapeDataString(new Uri(uri).UserInfo.Split(':')[0])));
        return made;
    }

    public static async Task<bool> ExistsAsync(string user)
    {
        using var response = await Management.GetAsync($"api/users/{Uri.EscapeDataString(user)}");
        return response.StatusCode == HttpStatusCode.OK;
    }

    public static async Task DeleteAsync(string user)
    {
        using var response = await Management.DeleteAsync($"api/users/{Uri.EscapeDataString(user)}");
        if (response.StatusCode != HttpStatusCode.NotFound)
            response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var user in users)
            await DeleteAsync(user);
    }

    static readonly Lazy<HttpClient> SharedManagement = new(() =>
    {
        var client = new HttpClient { BaseAddress = new Uri(TestEnvironment.RabbitMqManagementUri.ToString().TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitMqUser}:{TestEnvironment.RabbitMqPassword}")));
        return client;
    });

    static HttpClient Management => SharedManagement.Value;
}

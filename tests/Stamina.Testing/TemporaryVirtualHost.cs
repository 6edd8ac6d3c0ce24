using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Stamina.Testing;

/// <summary>
/// A fresh RabbitMQ virtual host for one test (or fixture), made through the management HTTP API, with all
/// permissions for the <c>stamina</c> user; deleted with everything in it on dispose.
/// <code>await using var vhost = await TemporaryVirtualHost.CreateAsync();</code>
/// </summary>
public sealed class TemporaryVirtualHost : IAsyncDisposable
{
    // One client for the whole test run: the management API is the same for every vhost.
    static readonly Lazy<HttpClient> SharedManagementClient = new(CreateManagementClient);
    bool disposed;

    TemporaryVirtualHost(string name)
    {
        Name = name;
        var server = TestEnvironment.RabbitMqUri;
        // Scheme, user, password, host and port from STAMINA_RABBITMQ; the path is the (escaped) vhost.
        AmqpUri = $"{server.GetLeftPart(UriPartial.Authority)}/{Uri.EscapeDataString(name)}";
    }

    public string Name { get; }

    /// <summary><c>amqp://stamina:PASSWORD@127.0.0.1:5672/NAME</c>, the form of <c>ConnectionStrings__RabbitMq</c>.</summary>
    public string AmqpUri { get; }

    public static async Task<TemporaryVirtualHost> CreateAsync(CancellationToken cancellationToken = default)
    {
        var name = $"stamina-test-{Guid.NewGuid():N}";
        var escaped = Uri.EscapeDataString(name);
        using (var created = await Management.PutAsync(new Uri($"api/vhosts/{escaped}", UriKind.Relative), null, cancellationToken))
            await EnsureSuccessAsync(created, $"create vhost {name}", cancellationToken);
        var vhost = new TemporaryVirtualHost(name);
        try
        {
            var user = Uri.EscapeDataString(TestEnvironment.RabbitMqUser);
            var permissions = new { configure = ".*", write = ".*", read = ".*" };
            using var granted = await Management.PutAsJsonAsync(new Uri($"api/permissions/{escaped}/{user}", UriKind.Relative), permissions, cancellationToken);
            await EnsureSuccessAsync(granted, $"grant {TestEnvironment.RabbitMqUser} permissions on vhost {name}", cancellationToken);
            return vhost;
        }
        catch
        {
            await vhost.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the vhost exists on the broker (false once disposed).</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Management.GetAsync(VhostPath(), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        await EnsureSuccessAsync(response, $"read vhost {Name}", cancellationToken);
        return true;
    }

    /// <summary>The queue's type, consumers, message counts and arguments; null when it does not exist.</summary>
    public async Task<RabbitMqQueue?> GetQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        var path = new Uri($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}", UriKind.Relative);
        using var response = await Management.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await EnsureSuccessAsync(response, $"read queue {queue} in vhost {Name}", cancellationToken);
        return await response.Content.ReadFromJsonAsync<RabbitMqQueue>(cancellationToken);
    }

    /// <summary>All queues in this vhost, by name.</summary>
    public async Task<IReadOnlyList<RabbitMqQueue>> ListQueuesAsync(CancellationToken cancellationToken = default)
    {
        var path = new Uri($"api/queues/{Uri.EscapeDataString(Name)}", UriKind.Relative);
        using var response = await Management.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, $"list queues in vhost {Name}", cancellationToken);
        var queues = await response.Content.ReadFromJsonAsync<List<RabbitMqQueue>>(cancellationToken) ?? [];
        return [.. queues.OrderBy(q => q.Name, StringComparer.Ordinal)];
    }

    /// <summary>Drops every message waiting in a queue, as a broker that lost them would.</summary>
    public async Task PurgeQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        var path = new Uri($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}/contents", UriKind.Relative);
        using var response = await Management.DeleteAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, $"purge queue {queue} in vhost {Name}", cancellationToken);
    }

    /// <summary>
    /// Has the broker close every connection in this vhost whose client-given name contains
    /// <paramref name="nameContains"/>, as it would on a consumer timeout or a network fault. Returns how many.
    /// </summary>
    public async Task<int> CloseConnectionsAsync(string nameContains, CancellationToken cancellationToken = default)
    {
        var path = new Uri($"api/vhosts/{Uri.EscapeDataString(Name)}/connections", UriKind.Relative);
        using var response = await Management.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, $"list connections in vhost {Name}", cancellationToken);
        var connections = await response.Content.ReadFromJsonAsync<List<JsonElement>>(cancellationToken) ?? [];
        var closed = 0;
        foreach (var connection in connections)
        {
            var clientName = connection.TryGetProperty("client_properties", out var properties)
                && properties.TryGetProperty("connection_name", out var given) ? given.GetString() ?? "" : "";
            if (!clientName.Contains(nameContains, StringComparison.Ordinal))
                continue;
            var name = connection.GetProperty("name").GetString()!;
            using var delete = await Management.DeleteAsync(new Uri($"api/connections/{Uri.EscapeDataString(name)}", UriKind.Relative), cancellationToken);
            if (delete.StatusCode != HttpStatusCode.NotFound)
                await EnsureSuccessAsync(delete, $"close connection {name}", cancellationToken);
            closed++;
        }
        return closed;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        using var response = await Management.DeleteAsync(VhostPath());
        if (response.StatusCode != HttpStatusCode.NotFound)
            await EnsureSuccessAsync(response, $"delete vhost {Name}", CancellationToken.None);
    }

    public override string ToString() => Name;

    static HttpClient Management => SharedManagementClient.Value;

    Uri VhostPath() => new($"api/vhosts/{Uri.EscapeDataString(Name)}", UriKind.Relative);

    static HttpClient CreateManagementClient()
    {
        var baseAddress = TestEnvironment.RabbitMqManagementUri.ToString().TrimEnd('/') + "/";
        var client = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(30) };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitMqUser}:{TestEnvironment.RabbitMqPassword}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException(
            $"RabbitMQ management API: could not {action}: {(int)response.StatusCode} {response.ReasonPhrase} {body}",
            null, response.StatusCode);
    }
}

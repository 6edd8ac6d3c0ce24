using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Stamina.Cli.Broker;

/// <summary>
/// The few calls of RabbitMQ's management HTTP API that <c>stamina broker users</c> needs, each failure turned into
/// one line and an exit code (unreachable 3, refused credentials 4, no such vhost 6).
/// </summary>
sealed class ManagementClient(Uri baseAddress, string adminUser, string adminPassword) : IDisposable
{
    readonly HttpClient http = Create(baseAddress, adminUser, adminPassword);

    public async Task EnsureVirtualHostAsync(string vhost, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/vhosts/{Escape(vhost)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new CliException(ExitCodes.NotFound, $"the broker has no vhost '{vhost}' (create it first, e.g. rabbitmqctl add_vhost)");
        await EnsureSuccessAsync(response, $"read vhost '{vhost}'", cancellationToken);
    }

    /// <summary>The user's tags, or null when there is no such user.</summary>
    public async Task<string?> UserTagsAsync(string user, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/users/{Escape(user)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await EnsureSuccessAsync(response, $"read user '{user}'", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        // 3.10 answers a comma-separated string; later versions an array.
        var tags = body.RootElement.GetProperty("tags");
        return tags.ValueKind == JsonValueKind.Array ? string.Join(',', tags.EnumerateArray().Select(t => t.GetString())) : tags.GetString() ?? "";
    }

    /// <summary>Creates the user, or sets its password and its tags (never management or administration ones).</summary>
    public async Task PutUserAsync(string user, string password, string tags, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, $"api/users/{Escape(user)}", new { password, tags }, cancellationToken);
        await EnsureSuccessAsync(response, $"create user '{user}'", cancellationToken);
    }

    public async Task PutPermissionsAsync(string vhost, string user, BrokerPermissions permissions, CancellationToken cancellationToken)
    {
        var body = new { configure = permissions.Configure, write = permissions.Write, read = permissions.Read };
        using var response = await SendAsync(HttpMethod.Put, $"api/permissions/{Escape(vhost)}/{Escape(user)}", body, cancellationToken);
        await EnsureSuccessAsync(response, $"set the permissions of '{user}' on vhost '{vhost}'", cancellationToken);
    }

    async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CliException(ExitCodes.Unreachable,
                $"the broker's management API at {baseAddress} is unreachable: {(exception.InnerException as SocketException)?.Message ?? exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"the broker's management API at {baseAddress} did not answer within {http.Timeout.TotalSeconds:0} s", exception);
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            response.Dispose();
            throw new CliException(ExitCodes.Unauthorized,
                $"the broker's management API refused user '{adminUser}' ({(int)response.StatusCode}): check STAMINA_BROKER_ADMIN_PASSWORD and that the user is tagged administrator");
        }
        return response;
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new CliException(ExitCodes.Unexpected, $"the broker's management API could not {action}: {(int)response.StatusCode} {text.ReplaceLineEndings(" ")}");
    }

    static string Escape(string segment) => Uri.EscapeDataString(segment);

    static HttpClient Create(Uri baseAddress, string user, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseAddress.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public void Dispose() => http.Dispose();
}

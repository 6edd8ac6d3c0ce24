using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Stamina.Cli.Broker;

namespace Stamina.Cli.Commands;

/// <summary>
/// <c>stamina broker users</c>: the coordinator's broker user and one per worker, each allowed exactly what its part
/// does (docs/security.md). Run once by whoever holds the broker's admin user; the fleet never needs that user.
/// </summary>
static class BrokerCommand
{
    public const string ManagementUrlVariable = "STAMINA_BROKER_MANAGEMENT_URL";
    public const string AdminUserVariable = "STAMINA_BROKER_ADMIN_USER";
    public const string AdminPasswordVariable = "STAMINA_BROKER_ADMIN_PASSWORD";
    const string DefaultManagementUrl = "http://127.0.0.1:15672";
    const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public const string UsersExamples = $"""
        Examples:
          export {AdminUserVariable}=admin {AdminPasswordVariable}=...
          stamina broker users --broker-url amqp://rabbitmq:5672/ --coordinator stamina-coordinator \
              --worker worker-1:default --worker night-1:night --out ~/.config/stamina/broker.env
          stamina broker users --worker worker-2:default        (add one worker; prints its connection string once)

        Each user gets a new generated password (a user named again is rotated) and no tags (no management or
        administration). A worker's user is stamina-worker-NAME; start that worker with --name NAME --pool POOL and
        ConnectionStrings__RabbitMq set to its line. Without --out the lines are printed once, to stdout.
        Exit codes: 0 ok, 2 bad input, 3 management API unreachable, 4 admin refused, 6 no such vhost, 7 a user to
        change has tags (e.g. the admin itself).
        """;

    public static Command Create(CliContext context)
    {
        var command = new Command("broker", "Set up the message broker for a fleet");
        command.Subcommands.Add(CreateUsers(context));
        return command;
    }

    static Command CreateUsers(CliContext context)
    {
        var managementUrl = new Option<string?>("--management-url")
        {
            Description = $"RabbitMQ's management HTTP API [default: ${ManagementUrlVariable}, else {DefaultManagementUrl}]",
            HelpName = "URL",
        };
        var adminUser = new Option<string?>("--admin-user")
        {
            Description = $"An administrator of the broker; its password is read from ${AdminPasswordVariable} [default: ${AdminUserVariable}]",
            HelpName = "USER",
        };
        var brokerUrl = new Option<string?>("--broker-url")
        {
            Description = "How the fleet reaches the broker, and the vhost, for the connection strings [default: amqp://<management host>:5672/]",
            HelpName = "AMQP-URL",
        };
        var coordinator = new Option<string?>("--coordinator") { Description = "The coordinator's user to create or update", HelpName = "USER" };
        var workers = new Option<string[]>("--worker")
        {
            Description = "A worker's name and pool; its user is stamina-worker-NAME (repeat for each worker)",
            HelpName = "NAME:POOL",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Write the connection strings to this file (mode 0600) instead of stdout; keep it out of any repository",
            HelpName = "FILE",
        };
        var command = new Command("users", "Create or update the coordinator's and each worker's broker user, with least-privilege permissions")
        {
            managementUrl, adminUser, brokerUrl, coordinator, workers, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Everything is checked before the broker is touched.
            var users = BrokerUserPlan.Make(parseResult.GetValue(coordinator), parseResult.GetValue(workers) ?? []);
            var management = ParseManagementUrl(parseResult.GetValue(managementUrl) ?? Environment.GetEnvironmentVariable(ManagementUrlVariable) ?? DefaultManagementUrl);
            var broker = BrokerAddress.Parse(parseResult.GetValue(brokerUrl) ?? $"amqp://{management.Host}:5672/");
            var admin = NonEmpty(parseResult.GetValue(adminUser)) ?? NonEmpty(Environment.GetEnvironmentVariable(AdminUserVariable))
                ?? throw new CliException(ExitCodes.Usage, $"name the broker's administrator with --admin-user or ${AdminUserVariable}");
            var password = NonEmpty(Environment.GetEnvironmentVariable(AdminPasswordVariable))
                ?? throw new CliException(ExitCodes.Usage, $"set ${AdminPasswordVariable} to the password of '{admin}' (never on the command line)");
            var outFile = parseResult.GetValue(output);
            if (outFile is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(outFile))))
                throw new CliException(ExitCodes.Usage, $"--out {outFile}: its directory does not exist");

            using var client = new ManagementClient(management, admin, password);
            await client.EnsureVirtualHostAsync(broker.VirtualHost, cancellationToken);
            foreach (var user in users)
            {
                if (user.User == admin)
                    throw new CliException(ExitCodes.Conflict, $"'{user.User}' is the administrator running this command; give the {user.Role} a user of its own");
                if (await client.UserTagsAsync(user.User, cancellationToken) is { Length: > 0 } tags && tags != user.Tags)
                    throw new CliException(ExitCodes.Conflict, $"the user '{user.User}' exists with tags '{tags}'; stamina broker users does not change such users (pick another name)");
            }

            var lines = new StringBuilder($"# stamina broker users, {context.Clock.GetUtcNow():yyyy-MM-dd HH:mm}Z: one connection string per broker user (secret)\n");
            foreach (var user in users)
            {
                var secret = RandomNumberGenerator.GetString(PasswordAlphabet, 32);
                await client.PutUserAsync(user.User, secret, user.Tags, cancellationToken);
                await client.PutPermissionsAsync(broker.VirtualHost, user.User, user.Permissions, cancellationToken);
                lines.Append($"{user.Variable}={broker.ConnectionString(user.User, secret)}\n");
            }

            if (outFile is null)
            {
                await context.Out.WriteAsync(lines.ToString());
                await context.Error.WriteLineAsync("These passwords are shown once; keep the lines above somewhere only the fleet can read.");
            }
            else
            {
                SecretFile.Write(outFile, lines.ToString());
                foreach (var user in users)
                    await context.Out.WriteLineAsync($"{user.User}: {user.Role}, vhost {broker.VirtualHost}, connection string in {user.Variable}");
                await context.Out.WriteLineAsync($"Wrote {users.Count} connection string(s) to {outFile} (mode 0600).");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    static Uri ParseManagementUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? uri
            : throw new CliException(ExitCodes.Usage,
                $"--management-url must be an http:// or https:// address without a password, such as {DefaultManagementUrl}, not '{text}'");

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

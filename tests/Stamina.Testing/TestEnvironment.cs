namespace Stamina.Testing;

/// <summary>
/// Where the test services are: from the environment (<c>source ~/.config/stamina/services.env</c>, as
/// <c>scripts/test.sh</c> does) or, when a variable is unset (e.g. tests started from an IDE), from the
/// env file that <c>scripts/services.sh</c> writes.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "STAMINA_POSTGRES";
    public const string RabbitMqVariable = "STAMINA_RABBITMQ";
    public const string RabbitMqManagementVariable = "STAMINA_RABBITMQ_MANAGEMENT";
    public const string RabbitMqUserVariable = "STAMINA_RABBITMQ_USER";
    public const string RabbitMqPasswordVariable = "STAMINA_RABBITMQ_PASSWORD";

    static readonly Lazy<IReadOnlyDictionary<string, string>> EnvFileValues = new(ReadEnvFile);

    /// <summary>Npgsql connection string to the <c>stamina</c> database as the <c>stamina</c> role.</summary>
    public static string PostgresConnectionString => Get(PostgresVariable);

    /// <summary><c>amqp://stamina:PASSWORD@127.0.0.1:5672/</c> (the default vhost).</summary>
    public static Uri RabbitMqUri => new(Get(RabbitMqVariable));

    /// <summary>The management HTTP API, e.g. <c>http://127.0.0.1:15672</c>.</summary>
    public static Uri RabbitMqManagementUri => new(Get(RabbitMqManagementVariable));

    public static string RabbitMqUser => Get(RabbitMqUserVariable);

    public static string RabbitMqPassword => Get(RabbitMqPasswordVariable);

    /// <summary><c>STAMINA_SERVICES_ENV</c>, else <c>~/.config/stamina/services.env</c>, like scripts/services.sh.</summary>
    public static string ServicesEnvFile
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("STAMINA_SERVICES_ENV");
            return string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "stamina", "services.env")
                : configured;
        }
    }

    /// <summary>A setting by its variable name; throws with what to do when it is nowhere to be found.</summary>
    public static string Get(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
            return value;
        if (EnvFileValues.Value.TryGetValue(variable, out var fromFile) && fromFile.Length > 0)
            return fromFile;
        throw new InvalidOperationException(
            $"{variable} is not set and {ServicesEnvFile} does not define it: run scripts/services.sh " +
            "(it starts RabbitMQ and PostgreSQL and writes that file), or run the tests with scripts/test.sh.");
    }

    // Lines look like: export NAME='value' (values never contain quotes; see scripts/services.sh).
    static IReadOnlyDictionary<string, string> ReadEnvFile()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = ServicesEnvFile;
        if (!File.Exists(path))
            return values;
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=');
            if (equals <= 0)
                continue;
            values[line[..equals]] = Unquote(line[(equals + 1)..]);
        }
        return values;
    }

    static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '\'' or '"') && value[^1] == value[0] ? value[1..^1] : value;
}

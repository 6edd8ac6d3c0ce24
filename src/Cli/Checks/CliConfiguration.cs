using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Cli.Checks;

/// <summary>
/// The configuration the CLI sees, in the services' order: the user's stamina.yml (never one in the working directory,
/// see <see cref="StaminaConfigFile.LocateForUser(string?, Func{string, string?}, string, string)"/>) &lt; environment &lt; command line. The environment
/// layer reads <c>Section__Key</c> variables as .NET does, plus the CLI's own <c>STAMINA_URL</c> and <c>STAMINA_API_KEY</c>.
/// </summary>
sealed class CliConfiguration
{
    static readonly string[] ShownSections = ["ConnectionStrings:", "Stamina:"];

    readonly IConfigurationProvider[] layers;

    CliConfiguration(IConfigurationRoot root, StaminaConfigFile? file, StaminaConfigException? fileError)
    {
        Root = root;
        File = file;
        FileError = fileError;
        layers = [.. root.Providers];
    }

    public IConfigurationRoot Root { get; }

    /// <summary>The file read; null when there was none (or it could not be read: see <see cref="FileError"/>).</summary>
    public StaminaConfigFile? File { get; }

    /// <summary>Why the file named or found could not be used; its settings are then left out.</summary>
    public StaminaConfigException? FileError { get; }

    public string? this[string key] => Root[key];

    public static CliConfiguration Load(CliContext context, string? explicitPath, IReadOnlyDictionary<string, string?> commandLine)
    {
        var environment = EnvironmentLayer(context.AllEnvironmentVariables());
        StaminaConfigFile? file;
        try
        {
            file = StaminaConfigFile.LocateForUser(explicitPath, context.GetEnvironmentVariable, context.ResolveWorkingDirectory(),
                context.ResolveHomeDirectory());
            return new CliConfiguration(Build(file, environment, commandLine), file, null);
        }
        catch (StaminaConfigException exception)
        {
            return new CliConfiguration(Build(null, environment, commandLine), null, exception);
        }
    }

    /// <summary>The setting's source: the highest layer that sets it, else <see cref="SettingSource.Default"/>.</summary>
    public SettingSource SourceOf(string key)
    {
        for (var i = layers.Length - 1; i >= 0; i--)
        {
            if (layers[i].TryGet(key, out _))
                return (SettingSource)(i + 1);
        }
        return SettingSource.Default;
    }

    /// <summary>Every Stamina and connection-string key that is set or has a known default, sorted, secrets masked.</summary>
    public IReadOnlyList<EffectiveSetting> EffectiveSettings()
    {
        var keys = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var layer in layers)
        {
            foreach (var key in AllKeys(layer))
            {
                if (ShownSections.Any(section => key.StartsWith(section, StringComparison.OrdinalIgnoreCase)))
                    keys.Add(key);
            }
        }
        var defaults = KnownDefaults.All.ToDictionary(d => d.Key, d => d.Value, StringComparer.OrdinalIgnoreCase);
        keys.UnionWith(defaults.Keys);
        return [.. keys.Select(key => SourceOf(key) is var source && source == SettingSource.Default
            ? new EffectiveSetting(key, defaults[key], source)
            : new EffectiveSetting(key, SecretMask.Setting(key, Root[key]), source))];
    }

    static IConfigurationRoot Build(StaminaConfigFile? file, Dictionary<string, string?> environment, IReadOnlyDictionary<string, string?> commandLine)
    {
        DurationConverter.Register();
        return new ConfigurationBuilder()
            .Add(new StaminaYamlSource(file))
            .AddInMemoryCollection(environment)
            .AddInMemoryCollection(commandLine)
            .Build();
    }

    static Dictionary<string, string?> EnvironmentLayer(IReadOnlyDictionary<string, string> variables)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
            values[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        // The CLI's documented variables say the same as Stamina__Url and Stamina__ApiKey, and are the more specific.
        if (!string.IsNullOrWhiteSpace(variables.GetValueOrDefault(GlobalOptions.UrlVariable)))
            values[KnownDefaults.UrlKey] = variables[GlobalOptions.UrlVariable].Trim();
        if (!string.IsNullOrWhiteSpace(variables.GetValueOrDefault(GlobalOptions.ApiKeyVariable)))
            values[KnownDefaults.ApiKeyKey] = variables[GlobalOptions.ApiKeyVariable].Trim();
        return values;
    }

    // A provider lists its keys only through GetChildKeys, one level at a time.
    static IEnumerable<string> AllKeys(IConfigurationProvider provider, string? parent = null)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = parent is null ? child : ConfigurationPath.Combine(parent, child);
            if (provider.TryGet(key, out _))
                yield return key;
            foreach (var descendant in AllKeys(provider, key))
                yield return descendant;
        }
    }
}

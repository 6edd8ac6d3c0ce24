using Microsoft.Extensions.Configuration;

namespace Stamina.ServiceDefaults.Configuration;

/// <summary>Reads the file when configuration is built (and again on a host restart), so edits apply then.</summary>
public sealed class StaminaYamlProvider(StaminaConfigFile? file) : ConfigurationProvider
{
    public StaminaConfigFile? File { get; } = file;

    public override void Load()
    {
        if (File is null)
        {
            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            return;
        }
        try
        {
            using var reader = new StreamReader(File.Path);
            Data = YamlConfigurationFlattener.Flatten(reader, File.Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StaminaConfigException($"{File.Path}: cannot read the configuration file: {exception.Message}", File.Path,
                innerException: exception);
        }
    }
}

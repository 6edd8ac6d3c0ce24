using Microsoft.Extensions.Configuration;

namespace Stamina.ServiceDefaults.Configuration;

/// <summary>One <c>stamina.yml</c> as a configuration source; <see cref="File"/> is null when there is none to read.</summary>
public sealed class StaminaYamlSource(StaminaConfigFile? file) : IConfigurationSource
{
    public StaminaConfigFile? File { get; } = file;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new StaminaYamlProvider(File);
}

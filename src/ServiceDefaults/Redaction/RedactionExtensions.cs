using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.ServiceDefaults.Redaction;

public static class RedactionExtensions
{
    /// <summary>
    /// Registers the <see cref="SecretRedactor"/> built from <c>Stamina:Redaction:Patterns</c> (a bad pattern stops the
    /// start with a message naming it) and redacts the formatted message of every log line.
    /// </summary>
    public static IHostApplicationBuilder AddSecretRedaction(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Idempotent: local mode composes the coordinator and the workers in one host.
        if (builder.Services.Any(d => d.ServiceType == typeof(SecretRedactor)))
            return builder;
        builder.Services.AddOptions<RedactionSettings>().BindConfiguration(RedactionSettings.Section)
            .Validate(settings => Build(settings) is not null).ValidateOnStart();
        builder.Services.AddSingleton(provider => Build(provider.GetRequiredService<IOptions<RedactionSettings>>().Value));
        // Checked here as well, so the refusal names the setting before anything else starts.
        Build(builder.Configuration.GetSection(RedactionSettings.Section).Get<RedactionSettings>() ?? new RedactionSettings());
        RedactingLoggerProvider.Decorate(builder.Services);
        return builder;
    }

    /// <exception cref="ServiceConfigurationException">A pattern is not valid; the message names its key.</exception>
    public static SecretRedactor Build(RedactionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var patterns = new List<SecretPattern>();
        foreach (var (name, pattern) in settings.Patterns.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            try
            {
                patterns.Add(SecretPattern.Create(name, pattern));
            }
            catch (ArgumentException exception)
            {
                throw new ServiceConfigurationException($"{RedactionSettings.Section}:Patterns:{name}: {exception.Message}");
            }
        }
        return new SecretRedactor(patterns);
    }
}

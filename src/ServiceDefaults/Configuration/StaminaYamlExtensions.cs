using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Stamina.ServiceDefaults.Configuration;

public static class StaminaYamlExtensions
{
    /// <summary>
    /// Adds <c>stamina.yml</c> (see <see cref="StaminaConfigFile.Locate(string?)"/> for where it is looked for) so that
    /// it overrides appsettings.json and is overridden by environment variables and the command line: it goes just before
    /// the first unprefixed environment-variable source or command-line source, or last when there is neither.
    /// </summary>
    /// <param name="path">The file from <c>--config PATH</c>; null searches the default places.</param>
    public static IConfigurationBuilder AddStaminaYaml(this IConfigurationBuilder builder, string? path) =>
        builder.AddStaminaYaml(StaminaConfigFile.Locate(path));

    public static IConfigurationBuilder AddStaminaYaml(this IConfigurationBuilder builder, StaminaConfigFile? file)
    {
        DurationConverter.Register();
        var source = new StaminaYamlSource(file);
        var index = IndexOfFirstOverride(builder.Sources);
        if (index < 0)
            builder.Sources.Add(source);
        else
            builder.Sources.Insert(index, source);
        return builder;
    }

    static int IndexOfFirstOverride(IList<IConfigurationSource> sources)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            // ASPNETCORE_ and DOTNET_ variables are read early for host settings; only the plain ones override files.
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" } or CommandLineConfigurationSource)
                return i;
        }
        return -1;
    }
}

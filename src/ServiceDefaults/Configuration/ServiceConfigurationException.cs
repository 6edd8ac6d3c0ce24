namespace Stamina.ServiceDefaults.Configuration;

/// <summary>
/// A setting is missing or wrong; the message names it. A service answers it with that one line and exit
/// code 2 (see <see cref="Hosting.RestartableHost"/>). Derives from <see cref="InvalidOperationException"/>,
/// which callers caught before it existed.
/// </summary>
public sealed class ServiceConfigurationException(string message) : InvalidOperationException(message);

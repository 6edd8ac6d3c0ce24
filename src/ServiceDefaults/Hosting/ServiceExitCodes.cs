namespace Stamina.ServiceDefaults.Hosting;

/// <summary>The services' exit codes (the CLI has its own, see docs/cli.md).</summary>
public static class ServiceExitCodes
{
    public const int Ok = 0;

    /// <summary>Missing or bad configuration, or a start refused (name, directory or port in use): one line says which.</summary>
    public const int Refused = 2;
}

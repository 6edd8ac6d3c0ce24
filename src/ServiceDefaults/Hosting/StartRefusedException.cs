namespace Stamina.ServiceDefaults.Hosting;

/// <summary>
/// This process must not start beside another (a worker name or directory in use, a taken port): the
/// message says which and what to do. Answered with that one line and exit code 2.
/// </summary>
public sealed class StartRefusedException(string message) : Exception(message);

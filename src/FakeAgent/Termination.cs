using System.Runtime.InteropServices;

namespace Stamina.FakeAgent;

/// <summary>SIGTERM ends the fake at once with 143 (SIGINT with 130), whatever it is doing, as a shell would report it.</summary>
static class Termination
{
    // Registrations unregister when collected: keep them for the life of the process.
    static readonly List<PosixSignalRegistration> Registrations = [];

    public static void ExitOnSignals()
    {
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Exit(context, 143)));
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Exit(context, 130)));
    }

    static void Exit(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true;
        Environment.Exit(exitCode);
    }
}

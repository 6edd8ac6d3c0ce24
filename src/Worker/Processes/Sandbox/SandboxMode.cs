namespace Stamina.Worker.Processes.Sandbox;

/// <summary><c>Stamina:Worker:Sandbox</c>: whether commands and agents run sandboxed from the worker.</summary>
public enum SandboxMode
{
    /// <summary>Sandboxed where bubblewrap works; elsewhere unsandboxed, with a loud warning at start.</summary>
    Auto,

    /// <summary>Sandboxed, or the worker refuses to start.</summary>
    Required,

    /// <summary>Never sandboxed (the operator's choice, said once at start).</summary>
    Off,
}

namespace Stamina.Worker.Execution;

/// <summary>
/// Stops an attempt's command while its worker cannot confirm the lease, and lets it go on once the coordinator
/// confirms the token again. The supervisor attaches what stopping means (signalling the process group); the
/// lease keeper decides when.
/// </summary>
public sealed class AgentHold
{
    readonly Lock gate = new();
    Action<bool>? apply;
    bool held;

    public bool IsHeld
    {
        get
        {
            lock (gate)
                return held;
        }
    }

    /// <summary>The running command's stop (true) and continue (false); applied at once if a hold is already on.</summary>
    public void Attach(Action<bool> stopOrContinue)
    {
        lock (gate)
        {
            apply = stopOrContinue;
            if (held)
                apply(true);
        }
    }

    public void Detach()
    {
        lock (gate)
            apply = null;
    }

    /// <summary>True when this call put the hold on.</summary>
    /// <param name="stillDue">Asked again under the hold's lock, so that a stop decided just before a continue is dropped.</param>
    public bool Stop(Func<bool>? stillDue = null)
    {
        lock (gate)
        {
            if (held || stillDue?.Invoke() == false)
                return false;
            held = true;
            apply?.Invoke(true);
            return true;
        }
    }

    /// <summary>True when this call took the hold off.</summary>
    public bool Continue()
    {
        lock (gate)
        {
            if (!held)
                return false;
            held = false;
            apply?.Invoke(false);
            return true;
        }
    }
}

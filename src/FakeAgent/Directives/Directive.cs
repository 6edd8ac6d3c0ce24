namespace Stamina.FakeAgent.Directives;

/// <summary>One behaviour with every knob resolved: keys given in the prompt, defaults of the behaviour otherwise.</summary>
sealed record Directive
{
    public Behaviour Behaviour { get; init; }

    /// <summary>Turns to run before the behaviour's ending (each edits FAKE_AGENT.md once).</summary>
    public int Turns { get; init; }

    /// <summary>Pause before each turn.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>USD added to the run's cost by each turn.</summary>
    public decimal CostPerTurn { get; init; }

    /// <summary>Pause after the last turn, before the final result.</summary>
    public TimeSpan Sleep { get; init; }

    /// <summary>Exit code after a success-looking stream.</summary>
    public int ExitCode { get; init; }

    /// <summary>Interval of the "still working" events of <see cref="Behaviour.Hang"/>.</summary>
    public TimeSpan Every { get; init; }

    /// <summary>How far in the future a usage limit resets.</summary>
    public TimeSpan ResetIn { get; init; }

    /// <summary>The behaviour of a prompt without directives.</summary>
    public static Directive Default { get; } = ForBehaviour(Behaviour.Succeed);

    public static Directive ForBehaviour(Behaviour behaviour) => new()
    {
        Behaviour = behaviour,
        Turns = behaviour switch
        {
            Behaviour.Succeed or Behaviour.Garbage => 3,
            Behaviour.Fail or Behaviour.Hang or Behaviour.Stall => 1,
            Behaviour.OverrunBudget => 40,
            _ => 0,
        },
        Delay = TimeSpan.FromMilliseconds(behaviour == Behaviour.OverrunBudget ? 200 : 100),
        CostPerTurn = behaviour == Behaviour.OverrunBudget ? 0.5m : 0.01m,
        Every = TimeSpan.FromSeconds(1),
        ResetIn = TimeSpan.FromSeconds(20),
    };
}

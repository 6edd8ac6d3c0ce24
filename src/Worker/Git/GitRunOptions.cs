namespace Stamina.Worker.Git;

/// <summary>Less common knobs of one git call.</summary>
public sealed record GitRunOptions
{
    public string? StandardInput { get; init; }

    /// <summary>Sees every stdout line; use it for listings that could outgrow the captured tail.</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>Extra variables for this call, on top of the hardened environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>When false a non-zero exit is returned rather than thrown, for commands that answer with it.</summary>
    public bool ThrowOnFailure { get; init; } = true;
}

namespace Stamina.Cli.Api;

sealed record PipelineStep
{
    public int Position { get; init; }
    public string? Name { get; init; }
    public bool Review { get; init; }

    /// <summary>Its last item's state, or Waiting (not reached yet) or Skipped (the pipeline ended before it).</summary>
    public string? State { get; init; }

    public IReadOnlyList<PipelineRound>? Rounds { get; init; }
}

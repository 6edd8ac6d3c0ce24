namespace Stamina.Contracts;

/// <summary>The three answers of a reviewer step, as the agent writes them and the coordinator stores them.</summary>
public static class ReviewVerdicts
{
    /// <summary>The work is good: the pipeline goes on, or ends approved.</summary>
    public const string Approve = "approve";

    /// <summary>Another round: the reviewed step runs again with the feedback, then the reviewer again.</summary>
    public const string Revise = "revise";

    /// <summary>The pipeline ends as blocked with the reason; the steps after it are skipped.</summary>
    public const string Block = "block";

    public static readonly IReadOnlyList<string> All = [Approve, Revise, Block];
}

using Stamina.Worker.Processes;

namespace Stamina.Worker.Execution;

/// <summary>How a supervised command ended, including which of our limits killed it.</summary>
public sealed record SupervisedRun(ChildProcessResult Result, bool Stalled, bool OverBudget, bool OverTurns);

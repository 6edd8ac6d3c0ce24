using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Api;

public sealed record ValidatedSubmission(SubmitWorkItem? Command, IReadOnlyDictionary<string, string[]> Errors);

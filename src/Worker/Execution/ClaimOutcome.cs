using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>The claim, if granted; the account's limit, or the worker's drain, when the coordinator refused because of it.</summary>
public sealed record ClaimOutcome(ClaimGranted? Granted, DateTimeOffset? AccountLimitedUntil, bool WorkerDrained = false);

using Stamina.Contracts;

namespace Stamina.Worker.Execution;

/// <summary>The claim, if granted; and the account's limit when the coordinator refused because of it.</summary>
public sealed record ClaimOutcome(ClaimGranted? Granted, DateTimeOffset? AccountLimitedUntil);

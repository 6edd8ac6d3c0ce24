namespace Stamina.Worker.Execution;

/// <summary>This worker cannot run the item's agent (its CLI is missing or its settings are broken): the worker's fault, not the item's.</summary>
public sealed class HarnessUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

namespace Stamina.Coordinator.Board;

/// <summary>One server-sent event: its type (<c>item</c>, <c>worker</c>, <c>ping</c>) and its JSON data.</summary>
public sealed record BoardEvent(string Type, string Data);

namespace Stamina.Worker.Git;

/// <summary>An item's task file cannot serve as its task: too large, a folder, binary, or a link out of the repository.</summary>
public class TaskFileException(string message) : Exception(message);

namespace Stamina.Worker.Processes.Cgroups;

/// <summary>A limit of an attempt's cgroup that stopped the command: which one (<c>memory</c>, <c>processes</c>) and what happened.</summary>
public sealed record CgroupBreach(string Limit, string Message);

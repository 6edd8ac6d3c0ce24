using Stamina.ServiceDefaults.Hosting;

namespace Stamina.Worker.Fleet;

/// <summary>The name and work directory this process runs as, and the directory's lock it holds while it lives.</summary>
public sealed record WorkerPlace(string Name, string WorkDir, DirectoryLock Lock);

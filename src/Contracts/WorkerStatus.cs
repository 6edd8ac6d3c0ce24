namespace Stamina.Contracts;

public enum WorkerStatus
{
    Idle,
    Busy,
    Draining,
}

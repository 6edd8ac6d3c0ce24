using Microsoft.Extensions.Time.Testing;

namespace Stamina.Worker.Tests.Facts;

/// <summary>Moves a fake clock on, a step at a time, until a task ends (or fails the fact after a real deadline).</summary>
public static class FakeTime
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static async Task<T> DriveAsync<T>(this FakeTimeProvider clock, Task<T> task, TimeSpan step)
    {
        await clock.DriveAsync((Task)task, step);
        return await task;
    }

    /// <param name="pause">Real time between steps (5 ms by default): a request answered in less is never overtaken by a fake timeout.</param>
    public static async Task DriveAsync(this FakeTimeProvider clock, Task task, TimeSpan step, TimeSpan? pause = null)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > giveUp)
                Assert.Fail($"Still running after 20 s of real time (the fake clock reads {clock.GetUtcNow():O})");
            clock.Advance(step);
            await Task.WhenAny(task, Task.Delay(pause ?? TimeSpan.FromMilliseconds(5)));
        }
        await task;
    }
}

using System.Globalization;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Workers;

/// <summary>
/// Shift windows on real workers: outside its window a worker shows off-shift and takes nothing; the item runs on
/// a worker inside its window. (When a window opens is proven with a fake clock in ShiftWindowTests and WorkerHoldTests.)
/// </summary>
[TestFixture]
public sealed class WorkerShiftTests() : FleetTestBase(FleetMode.Processes)
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    static string Window(TimeSpan from, TimeSpan to)
    {
        var now = DateTimeOffset.UtcNow;
        return $"{(now + from).ToString("HH:mm", CultureInfo.InvariantCulture)}-{(now + to).ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    [Test]
    public async Task Outside_its_window_Should_show_off_shift_and_leave_the_item_to_a_worker_on_shift()
    {
        var offShift = fleet.LaunchWorker("night", ["--pool", "default", "--name", "night", "--work-dir", Path.Combine(fleet.Root, "workers", "night"),
            "--shift", Window(TimeSpan.FromHours(3), TimeSpan.FromHours(4)), "--tz", "UTC"]);
        await fleet.WaitForWorkerAsync(offShift, "night");
        await Eventually.UntilAsync(async () => (await fleet.WorkersAsync()).Single().Text("state") == "off-shift",
            TimeSpan.FromSeconds(30), "the worker to show off-shift");
        Assert.That((await fleet.WorkersAsync()).Single().Text("attention"), Does.StartWith("off shift ("));

        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", "echo done > result.txt" } })).Id();
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(500);
            Assert.That((await fleet.ItemAsync(id)).State(), Is.EqualTo("Queued"), "an off-shift worker takes nothing");
        }
        var waiting = (await fleet.ItemAsync(id)).GetProperty("waiting");
        Assert.That(waiting.Text("kind"), Is.EqualTo("shift"), "the item says it waits for a shift window");

        await fleet.StartWorkerAsync("day", settings: new Dictionary<string, string>
        {
            ["Stamina__Worker__Shift"] = Window(TimeSpan.FromHours(-1), TimeSpan.FromHours(1)),
            ["Stamina__Worker__ShiftTimeZone"] = "UTC",
        });
        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));
        Assert.That(item.Attempts().Select(a => a.Text("worker")), Is.EqualTo(new[] { "day" }));
    }

    [Test]
    public async Task A_bad_shift_Should_stop_the_worker_at_start_naming_the_setting()
    {
        var worker = fleet.LaunchWorker("bad", ["--pool", "default", "--name", "bad", "--work-dir", Path.Combine(fleet.Root, "workers", "bad"),
            "--shift", "22:00-7pm", "--tz", "Europe/Berlin"]);
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(worker.ExitCode, Is.EqualTo(2));
        Assert.That(string.Join('\n', worker.Output), Does.Contain("Stamina:Worker:Shift: shift '22:00-7pm': '7pm' is not a time of day"));
    }

    [Test]
    public async Task A_hook_without_a_command_Should_stop_the_worker_at_start_naming_the_setting()
    {
        var worker = fleet.LaunchWorker("hookless", ["--pool", "default", "--name", "hookless", "--work-dir", Path.Combine(fleet.Root, "workers", "hookless")],
            new Dictionary<string, string> { ["Stamina__Worker__Hooks__PostTask__Timeout"] = "00:00:10" });
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(worker.ExitCode, Is.EqualTo(2));
        Assert.That(string.Join('\n', worker.Output), Does.Contain("Stamina:Worker:Hooks:PostTask:Command is empty"));
    }
}

namespace Stamina.Cli.Demo;

/// <summary>
/// The demo's night shift. With the fake agent each task also carries directives: a few turns, and one
/// task whose first attempt crashes, to show a retry that loses nothing.
/// </summary>
static class DemoTasks
{
    static readonly (string Task, string Fake)[] All =
    [
        ("Handle division by zero in src/calc.py with a clear error.", "fake: succeed turns=3 delay=700ms"),
        ("Add a subtract function to src/calc.py.", "fake: succeed turns=2 delay=600ms"),
        ("Write a short usage section in README.md.", "fake: succeed turns=2 delay=500ms"),
        ("Add an entry for tonight's changes to CHANGELOG.md.", "fake[1]: crash\nfake: succeed turns=2 delay=500ms"),
        ("Add docstrings to every function in src/calc.py.", "fake: succeed turns=3 delay=400ms"),
        ("Add a multiply function to src/calc.py.", "fake: succeed turns=2 delay=600ms"),
        ("Add a .gitignore for Python caches.", "fake: succeed turns=1 delay=500ms"),
        ("Add a power function to src/calc.py.", "fake: succeed turns=2 delay=400ms"),
        ("Add a CONTRIBUTING.md with one paragraph.", "fake: succeed turns=1 delay=600ms"),
        ("Add type hints to src/calc.py.", "fake: succeed turns=2 delay=500ms"),
    ];

    public const int Max = 10;

    public static IEnumerable<string> Prompts(int count, bool fake) =>
        All.Take(count).Select(t => fake ? $"{t.Task}\n{t.Fake}" : t.Task + " Keep the change small; do not run anything that needs the network.");
}

namespace Stamina.FakeAgent.Cli;

/// <summary>The agent CLI the fake pretends to be, guessed from its argv.</summary>
enum Dialect
{
    Claude,
    Codex,
    Gemini,
}

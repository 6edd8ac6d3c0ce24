using Stamina.Worker.Agents;

namespace Stamina.Worker.Execution;

/// <summary>Each harness's settings from <c>Stamina:Harnesses:&lt;name&gt;</c> (executable, extra arguments, models, permissions).</summary>
public sealed class HarnessCatalog(IConfiguration configuration)
{
    public const string Section = "Stamina:Harnesses";

    public HarnessSettings For(string harness)
    {
        var settings = new HarnessSettings();
        configuration.GetSection($"{Section}:{harness}").Bind(settings);
        return settings;
    }
}

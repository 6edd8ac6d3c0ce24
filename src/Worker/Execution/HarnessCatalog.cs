using Stamina.Worker.Agents;

namespace Stamina.Worker.Execution;

/// <summary>Each harness's settings from <c>Stamina:Harnesses:&lt;name&gt;</c> (executable, extra arguments, models, permissions).</summary>
public sealed class HarnessCatalog(IConfiguration configuration)
{
    public HarnessSettings For(string harness)
    {
        // Bound on top of the harness's defaults, so that configuring one skill level keeps the others.
        var settings = HarnessSettings.For(harness);
        configuration.GetSection(HarnessSettings.SectionFor(harness)).Bind(settings);
        return settings;
    }
}

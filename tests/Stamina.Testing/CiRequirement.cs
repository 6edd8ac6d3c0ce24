using NUnit.Framework;

namespace Stamina.Testing;

/// <summary>
/// Stops a test that needs something this machine lacks: ignored on a developer's machine, failed in CI (<c>CI</c> set
/// and not <c>false</c>), where every test must really run.
/// </summary>
public static class CiRequirement
{
    public static bool IsCi =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    public static void Skip(string why)
    {
        if (IsCi)
            Assert.Fail(why + "; CI must run this test");
        Assert.Ignore(why);
    }
}

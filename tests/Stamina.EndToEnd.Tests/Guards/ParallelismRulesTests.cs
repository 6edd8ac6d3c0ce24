using System.Reflection;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Guards;

/// <summary>
/// The fixtures run side by side (Parallelism.cs), so the ones that must run alone say so: a benchmark measures on a
/// quiet machine, and a fixture that stops the shared broker would cut every other fixture's fleet.
/// </summary>
public sealed class ParallelismRulesTests
{
    static IEnumerable<Type> Fixtures => typeof(ParallelismRulesTests).Assembly.GetTypes()
        .Where(type => type.GetMethods().Any(method => method.IsDefined(typeof(TestAttribute)) || method.IsDefined(typeof(TestCaseAttribute))));

    [TestCase("Benchmark")]
    [TestCase(SharedBroker.OutageCategory)]
    public void Every_fixture_of_the_category_Should_be_non_parallelizable(string category)
    {
        var fixtures = Fixtures.Where(type => type.GetCustomAttributes<CategoryAttribute>().Any(c => c.Name == category)).ToList();

        Assert.That(fixtures, Is.Not.Empty, $"some fixture is in {category}");
        Assert.That(fixtures.Where(type => !type.IsDefined(typeof(NonParallelizableAttribute))).Select(type => type.Name), Is.Empty,
            $"fixtures in {category} without [NonParallelizable]");
    }
}

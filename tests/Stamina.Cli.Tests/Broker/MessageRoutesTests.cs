using Stamina.Contracts;

namespace Stamina.Cli.Tests.Broker;

public sealed class MessageRoutesTests
{
    [Test]
    public void When_a_type_is_added_to_the_contracts_Should_have_its_route_in_the_table()
    {
        var types = typeof(ClaimWorkItem).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(ClaimWorkItem).Namespace);
        var missing = types.Where(t => !MessageRoutes.ByType.ContainsKey(t)).Select(t => t.Name).ToList();
        Assert.That(missing, Is.Empty,
            "each contract needs a line in src/Contracts/MessageRoutes.cs: broker users are allowed to send or hear only what the table says");
    }
}

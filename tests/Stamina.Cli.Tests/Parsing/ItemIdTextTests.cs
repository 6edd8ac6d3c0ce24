using Stamina.Cli.Parsing;

namespace Stamina.Cli.Tests.Parsing;

public class ItemIdTextTests
{
    [TestCase("3f2a")]
    [TestCase("3F2A1B4C")]
    [TestCase("3f2a1b4c-")]
    [TestCase("3f2a1b4c-9d7e-4c1a")]
    [TestCase("3f2a1b4c-9d7e-4c1a-8b5f-0e6d2c4a1b9f")]
    [TestCase("3f2a1b4c9d7e4c1a8b5f0e6d2c4a1b9f")]
    public void When_the_text_is_an_id_or_its_start_Should_accept_it(string text) =>
        Assert.That(ItemIdText.IsValid(text), Is.True);

    [TestCase("3f2")]
    [TestCase("xyz12345")]
    [TestCase("3f2a1b4c9")]
    [TestCase("3f2a1b4c-9d7e-4c1a-8b5f-0e6d2c4a1b9f0")]
    [TestCase("../../etc")]
    public void When_the_text_cannot_start_an_id_Should_refuse_it(string text) =>
        Assert.That(ItemIdText.IsValid(text), Is.False);

    [Test]
    public void The_short_form_is_the_first_8_characters() =>
        Assert.That(ItemIdText.Short(Guid.Parse("3f2a1b4c-9d7e-4c1a-8b5f-0e6d2c4a1b9f")), Is.EqualTo("3f2a1b4c"));
}

using Stamina.Cli.Checks;

namespace Stamina.Cli.Tests.Configuration;

public class SecretMaskTests
{
    [TestCase("ConnectionStrings:Postgres", "Host=db;Username=u;Password=s3cret;Database=d", "Host=db;Username=u;Password=***;Database=d")]
    [TestCase("ConnectionStrings:Postgres", "Host=db; pwd = s3cret", "Host=db; pwd = ***")]
    [TestCase("ConnectionStrings:RabbitMq", "amqp://stamina:s3cret@rabbit:5672/", "amqp://stamina:***@rabbit:5672/")]
    [TestCase("ConnectionStrings:RabbitMq", "amqp://rabbit:5672/", "amqp://rabbit:5672/")]
    [TestCase("Stamina:ApiKey", "abc", "***")]
    [TestCase("Stamina:Something:ClientSecret", "abc", "***")]
    [TestCase("Stamina:Worker:Pool", "night", "night")]
    [TestCase("Stamina:InsecureNoApiKey", "true", "true")]
    public void When_a_setting_holds_a_secret_Should_mask_only_the_secret(string key, string value, string shown) =>
        Assert.That(SecretMask.Setting(key, value), Is.EqualTo(shown));
}

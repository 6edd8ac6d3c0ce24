using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Messaging;
using Stamina.Testing;

namespace Stamina.Worker.Tests.Messaging;

/// <summary>Wrong TLS settings stop the service at start with one line naming the setting, never a reconnect loop later.</summary>
public sealed class RabbitMqTlsSettingsTests
{
    [Test]
    public void When_the_CA_file_does_not_exist_Should_name_the_setting_and_the_path()
    {
        Assert.That(() => Address("amqps://u:p@broker.example/", ("CaFile", "/nowhere/ca.pem")),
            Throws.InstanceOf<ServiceConfigurationException>().With.Message.EqualTo("Stamina:RabbitMq:CaFile: /nowhere/ca.pem does not exist."));
    }

    [Test]
    public void When_the_CA_file_holds_no_certificate_Should_say_it_expects_PEM()
    {
        using var directory = new TemporaryDirectory("tls");
        var path = directory.Combine("ca.pem");
        File.WriteAllText(path, "not a certificate\n");

        Assert.That(() => Address("amqps://u:p@broker.example/", ("CaFile", path)),
            Throws.InstanceOf<ServiceConfigurationException>().With.Message.Contains("holds no certificate (expected PEM"));
    }

    [Test]
    public void When_a_CA_file_is_set_for_plain_amqp_Should_refuse_rather_than_drop_TLS_silently()
    {
        using var directory = new TemporaryDirectory("tls");
        using var authority = new TestCertificateAuthority();
        var path = authority.WriteCertificate(directory.Combine("ca.pem"));

        Assert.That(() => Address("amqp://u:p@broker.example/", ("CaFile", path)),
            Throws.InstanceOf<ServiceConfigurationException>().With.Message.Contains("is amqp:// (no TLS): use amqps://"));
    }

    [Test]
    public void When_a_client_certificate_has_no_key_Should_say_both_go_together()
    {
        Assert.That(() => Address("amqps://u:p@broker.example/", ("ClientCertificateFile", "/x/client.pem")),
            Throws.InstanceOf<ServiceConfigurationException>().With.Message.Contains("ClientCertificateFile and Stamina:RabbitMq:ClientKeyFile go together"));
    }

    [Test]
    public void When_the_key_does_not_match_the_certificate_Should_name_both_files()
    {
        using var directory = new TemporaryDirectory("tls");
        using var authority = new TestCertificateAuthority();
        using var one = authority.Issue("one", [], client: true);
        using var two = authority.Issue("two", [], client: true);
        var (certificate, _) = TestCertificateAuthority.WritePem(one, directory.Path, "one");
        var (_, otherKey) = TestCertificateAuthority.WritePem(two, directory.Path, "two");

        Assert.That(() => Address("amqps://u:p@broker.example/", ("ClientCertificateFile", certificate), ("ClientKeyFile", otherKey)),
            Throws.InstanceOf<ServiceConfigurationException>().With.Message.Contains("are not a PEM certificate and its key"));
    }

    [TestCase("amqps://u:p@broker.example/", true, 5671)]
    [TestCase("amqp://u:p@broker.example/", false, 5672)]
    public void When_the_scheme_is_given_Should_choose_TLS_and_the_default_port(string uri, bool tls, int port)
    {
        var address = Address(uri);

        Assert.That((address.UseTls, address.Port, address.ToString().StartsWith(tls ? "amqps://" : "amqp://", StringComparison.Ordinal)),
            Is.EqualTo((tls, port, true)));
    }

    [TestCase("amqp://u:p@broker.example/", true)]
    [TestCase("amqp://u:p@10.0.0.5/", true)]
    [TestCase("amqp://u:p@localhost/", false)]
    [TestCase("amqp://u:p@127.0.0.1/", false)]
    [TestCase("amqp://u:p@[::1]/", false)]
    [TestCase("amqps://u:p@broker.example/", false)]
    public void When_plain_amqp_leaves_this_machine_Should_warn(string uri, bool warns)
    {
        var warning = RabbitMqTransportSecurity.PlainTextWarning(RabbitMqAddress.Parse(uri));

        Assert.That(warning, warns ? Does.Contain("unencrypted").And.Contain("amqps://") : Is.Null);
    }

    static RabbitMqAddress Address(string uri, params (string Name, string Value)[] settings) =>
        RabbitMqAddress.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create($"Stamina:RabbitMq:{s.Name}", (string?)s.Value))
                .Append(KeyValuePair.Create("ConnectionStrings:RabbitMq", (string?)uri))).Build());
}

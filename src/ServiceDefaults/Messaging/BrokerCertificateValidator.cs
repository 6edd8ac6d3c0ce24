using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// Verifies the broker's certificate for an <c>amqps://</c> connection: the host name always, the chain against the
/// configured CA file when there is one (and then only against it), else against the machine's trusted roots.
/// A refusal throws <see cref="BrokerCertificateRejectedException"/> naming TLS, the host and the setting to change.
/// </summary>
public sealed class BrokerCertificateValidator(string host, RabbitMqTlsSettings settings)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            throw Refused("the broker presented no certificate");
        using var presented = new X509Certificate2(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            throw Refused($"its certificate ({presented.Subject}) is not issued for the host name '{host}' (the host in ConnectionStrings:RabbitMq must be one of the certificate's names)");
        if (settings.Authorities is null)
        {
            return errors == SslPolicyErrors.None
                ? true
                : throw Refused($"its certificate ({presented.Subject}, issued by {presented.Issuer}) is not trusted by this machine ({Describe(chain)}); " +
                    $"set {RabbitMqTlsSettings.Section}:CaFile to the PEM file of the CA that signed it");
        }

        return ChainsToConfiguredAuthority(presented, chain, out var problems)
            ? true
            : throw Refused($"its certificate ({presented.Subject}, issued by {presented.Issuer}) is not signed by a CA in {settings.CaFile} ({problems})");
    }

    bool ChainsToConfiguredAuthority(X509Certificate2 presented, X509Chain? offered, out string problems)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(settings.Authorities!);
        // A private CA publishes no revocation list; the name and the chain are what is checked.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (offered is not null)
        {
            foreach (var element in offered.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        var valid = custom.Build(presented);
        problems = Describe(custom);
        return valid;
    }

    static string Describe(X509Chain? chain) =>
        chain?.ChainStatus is { Length: > 0 } statuses
            ? string.Join("; ", statuses.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct())
            : "no valid chain";

    BrokerCertificateRejectedException Refused(string why) =>
        new($"TLS: refused the broker at {host}: {why}.");
}

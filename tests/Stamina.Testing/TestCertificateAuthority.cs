using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stamina.Testing;

/// <summary>
/// A throwaway certificate authority for TLS tests: it issues server certificates for given names (DNS names and
/// IP addresses) and writes certificates and keys as PEM files, the form RabbitMQ, PostgreSQL, Kestrel and our
/// settings read. Valid from an hour ago for a day; ECDSA P-256, which every peer here accepts and is quick to make.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    readonly ECDsa key;

    public TestCertificateAuthority(string name = "Stamina test CA")
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>A certificate for a server (or, with <paramref name="client"/>, a client) with its private key.</summary>
    public X509Certificate2 Issue(string subject, IEnumerable<string> names, bool client = false)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", leafKey, HashAlgorithmName.SHA256);
        var alternative = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
                alternative.AddIpAddress(address);
            else
                alternative.AddDnsName(name);
        }
        request.CertificateExtensions.Add(alternative.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(client ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(23), serial);
        return issued.CopyWithPrivateKey(leafKey);
    }

    /// <summary>Writes this CA's certificate as PEM and returns the path.</summary>
    public string WriteCertificate(string path)
    {
        File.WriteAllText(path, Certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>Writes <paramref name="certificate"/> to <c>NAME.pem</c> and its key to <c>NAME.key</c> (PKCS#8) in a directory.</summary>
    public static (string CertificateFile, string KeyFile) WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var certificateFile = Path.Combine(directory, $"{name}.pem");
        var keyFile = Path.Combine(directory, $"{name}.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        using var privateKey = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{name} has no ECDSA private key");
        File.WriteAllText(keyFile, privateKey.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        key.Dispose();
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// What an <c>amqps://</c> connection trusts and presents, from <c>Stamina:RabbitMq</c>: <c>CaFile</c> (PEM; when set,
/// only these authorities are trusted, not the machine's store), and an optional client certificate
/// (<c>ClientCertificateFile</c> + <c>ClientKeyFile</c>, PEM) for brokers that ask for one. Files are read once, at start,
/// so that a wrong path is a one-line error then, not a reconnect loop later.
/// </summary>
public sealed class RabbitMqTlsSettings
{
    public const string Section = "Stamina:RabbitMq";

    public static readonly RabbitMqTlsSettings None = new(null, null, null);

    RabbitMqTlsSettings(string? caFile, X509Certificate2Collection? authorities, X509Certificate2? clientCertificate)
    {
        CaFile = caFile;
        Authorities = authorities;
        ClientCertificate = clientCertificate;
    }

    /// <summary>The configured CA file, named in errors; null means the machine's trusted roots.</summary>
    public string? CaFile { get; }

    /// <summary>The only roots a broker's certificate may chain to, or null for the machine's store.</summary>
    public X509Certificate2Collection? Authorities { get; }

    public X509Certificate2? ClientCertificate { get; }

    public bool IsConfigured => CaFile is not null || ClientCertificate is not null;

    public static RabbitMqTlsSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var caFile = NonEmpty(section["CaFile"]);
        var certificateFile = NonEmpty(section["ClientCertificateFile"]);
        var keyFile = NonEmpty(section["ClientKeyFile"]);
        if ((certificateFile is null) != (keyFile is null))
        {
            throw new ServiceConfigurationException(
                $"{Section}:ClientCertificateFile and {Section}:ClientKeyFile go together: set both (PEM files) or neither.");
        }

        return new RabbitMqTlsSettings(caFile, caFile is null ? null : ReadAuthorities(caFile),
            certificateFile is null ? null : ReadClientCertificate(certificateFile, keyFile!));
    }

    static X509Certificate2Collection ReadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(Existing(path, "CaFile"));
        }
        catch (CryptographicException exception)
        {
            throw new ServiceConfigurationException($"{Section}:CaFile: {path} is not a PEM certificate file ({exception.Message}).");
        }
        return authorities.Count > 0
            ? authorities
            : throw new ServiceConfigurationException($"{Section}:CaFile: {path} holds no certificate (expected PEM, -----BEGIN CERTIFICATE-----).");
    }

    static X509Certificate2 ReadClientCertificate(string certificateFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(Existing(certificateFile, "ClientCertificateFile"), Existing(keyFile, "ClientKeyFile"));
        }
        // A key of another certificate is an ArgumentException, an unreadable file a CryptographicException.
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            throw new ServiceConfigurationException(
                $"{Section}:ClientCertificateFile/ClientKeyFile: {certificateFile} and {keyFile} are not a PEM certificate and its key ({exception.Message}).");
        }
    }

    static string Existing(string path, string setting) => File.Exists(path)
        ? path
        : throw new ServiceConfigurationException($"{Section}:{setting}: {path} does not exist.");

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

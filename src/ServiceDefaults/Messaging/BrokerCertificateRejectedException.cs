using System.Security.Authentication;

namespace Stamina.ServiceDefaults.Messaging;

/// <summary>
/// The broker's TLS certificate failed verification. Thrown from the validation callback so that the reason (and
/// what to set) reaches the connection's error and the log, instead of .NET's "rejected by the provided callback".
/// </summary>
public sealed class BrokerCertificateRejectedException(string message) : AuthenticationException(message);

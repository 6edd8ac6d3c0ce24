using System.Security.Cryptography;
using System.Text;
using Stamina.Contracts;

namespace Stamina.Coordinator.WorkItems.Proofs;

/// <summary>
/// The per-attempt secrets of claim grants: 256 random bits, handed to the holder once and kept here only as a
/// SHA-256 hash (a leaked database does not let anyone speak for a running attempt).
/// </summary>
public static class AttemptSecrets
{
    const int SecretBytes = 32;

    /// <summary>A new secret and the hash to store for it.</summary>
    public static (AttemptSecret Secret, string Hash) Issue()
    {
        var value = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return (new AttemptSecret { Value = value }, Hash(value));
    }

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Whether the presented secret is the one whose hash is stored; constant time in the secret's content.</summary>
    public static bool Matches(AttemptSecret? presented, string? storedHash)
    {
        if (presented is not { Value.Length: > 0 } || storedHash is not { Length: SecretBytes * 2 })
            return false;
        var expected = Convert.FromHexString(storedHash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented.Value));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

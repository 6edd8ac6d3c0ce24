namespace Stamina.ServiceDefaults.Validation;

public enum RepositoryAddressKind
{
    /// <summary><c>https://host/path</c>.</summary>
    Https,

    /// <summary><c>ssh://[user@]host[:port]/path</c>.</summary>
    Ssh,

    /// <summary>The scp-like ssh form <c>[user@]host:path</c>.</summary>
    ScpLike,

    /// <summary>A directory on this machine, given as an absolute path or a <c>file:///</c> URL.</summary>
    LocalPath,
}

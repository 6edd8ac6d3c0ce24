namespace Stamina.Worker.Git;

/// <summary>A base ref is neither a branch, a tag nor a commit of the repository.</summary>
public sealed class GitRefNotFoundException(string reference, string repository)
    : Exception($"'{reference}' is not a branch, tag or commit of {repository}.")
{
    public string Reference { get; } = reference;

    public string Repository { get; } = repository;
}

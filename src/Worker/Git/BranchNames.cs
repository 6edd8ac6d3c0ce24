using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Git;

/// <summary>
/// Branch names come from ids, never from user text: <c>{prefix}/{itemId:N}/{attempt}</c>.
/// </summary>
/// <remarks>
/// One branch per attempt, not per item. The attempt number is the fencing token, so a stale worker (lease
/// lost, still pushing) can only ever write its own attempt's branch, never the branch of the attempt that
/// replaced it. And since git cannot hold both <c>a/b</c> and <c>a/b/c</c> (a ref is a file, or a directory
/// of refs), mixing <c>prefix/item</c> with <c>prefix/item/2</c> would fail: every name has the same depth.
/// For the same reason the prefix must not itself be an existing branch of the repository.
/// </remarks>
public static class BranchNames
{
    /// <exception cref="ArgumentException">The prefix is not a valid branch name.</exception>
    public static string ForAttempt(string prefix, Guid itemId, int attempt)
    {
        if (!GitRefRules.IsValidBranchName(prefix, out var error, "branch prefix"))
            throw new ArgumentException(error, nameof(prefix));
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        return $"{prefix}/{itemId:N}/{attempt}";
    }
}
